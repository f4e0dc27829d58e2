/**
 * Seasons (wipes): `/season start` ends the current season and begins the next. The ended season's
 * final top 10 of every board is archived on it, guild-wide and per server; from the new season's
 * start its kills count in fresh `season` window documents (the ingest engine reads `current()` per
 * batch); all-time keeps counting. Order of writes, each safe to repeat: the new season is inserted
 * first (its `_id` claims the number: two admins at once start one season), then the previous one is
 * archived and ended; a start interrupted between the two is finished by the next start or list.
 */
import type { Collection } from 'mongodb';
import { seasonId, type Season, type SeasonArchive } from '../db/seasonSchemas.js';
import { isDuplicateKey } from '../db/duplicateKey.js';
import { UserError } from '../errors.js';
import { PLAYER_BOARD_NAMES } from '../ingest/rank.js';
import { ALL_TIME, type WindowChoice } from '../ingest/windows.js';
import { msg } from '../i18n/message.js';
import { BoundedMap } from '../util/boundedMap.js';
import type { StatsQueries } from './queries.js';

/** Rows archived per board and scope: a season's final top 10. */
export const SEASON_ARCHIVE_ROWS = 10;
/** Seasons listed per page of `/season list`. */
export const SEASONS_PAGE = 10;
/** How long a guild's current season is reused by the ingest engine (a start here clears it at once). */
const CURRENT_CACHE_MS = 10_000;
/** Longest season name (it is shown in titles and option choices). */
export const SEASON_NAME_MAX = 40;

/** What a season start did: the season ended (with its archive) and the one begun. */
export interface SeasonStart {
  ended: Season;
  started: Season;
}

/** A season as the window reads name it (its number), or null. */
export function seasonRef(season: Season | null): { id: string } | null {
  return season ? { id: String(season.number) } : null;
}

export class Seasons {
  private readonly cache = new BoundedMap<string, { season: Season | null; at: number }>(10_000);

  constructor(
    private readonly col: Collection<Season>,
    private readonly stats: Pick<StatsQueries, 'board' | 'servers'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The guild's current season (highest number, from 1); null before the first start. */
  async current(guildId: string): Promise<Season | null> {
    const hit = this.cache.get(guildId);
    if (hit && this.now().getTime() - hit.at < CURRENT_CACHE_MS) return hit.season;
    const season = (await this.col.find({ guildId, number: { $gte: 1 } }).sort({ number: -1 }).limit(1).toArray())[0] ?? null;
    this.cache.set(guildId, { season, at: this.now().getTime() });
    return season;
  }

  /** Ends the current season (archiving its boards) and begins the next. */
  async start(guildId: string, name: string | null, actorId: string): Promise<SeasonStart> {
    const cur = await this.current(guildId);
    const number = (cur?.number ?? 0) + 1;
    const trimmed = name?.trim().slice(0, SEASON_NAME_MAX) || null;
    const started: Season = { _id: seasonId(guildId, number), guildId, number, name: trimmed, startedAt: this.now(), startedBy: actorId, endedAt: null, archive: null };
    try {
      await this.col.insertOne(started);
    } catch (err) {
      if (isDuplicateKey(err)) throw new UserError(msg('seasons.start.race'), 'conflict');
      throw err;
    }
    this.cache.delete(guildId);
    const ended = await this.finish(guildId, number - 1, started.startedAt!);
    return { ended, started };
  }

  /** Archives and ends season `number` (0: the time before the first season) unless it already is. */
  private async finish(guildId: string, number: number, endedAt: Date): Promise<Season> {
    const id = seasonId(guildId, number);
    const done = await this.col.findOne({ _id: id, archive: { $ne: null } });
    if (done) return done;
    const archive = await this.archiveOf(guildId, number === 0 ? ALL_TIME : { name: 'season', seasonId: String(number) });
    await this.col.updateOne(
      { _id: id },
      { $set: { endedAt, archive }, $setOnInsert: { guildId, number, name: null, startedAt: null, startedBy: null } },
      { upsert: true },
    );
    return (await this.col.findOne({ _id: id }))!;
  }

  /** Every board's top rows in a window, guild-wide and per server (servers ≤ the tier's limit). */
  private async archiveOf(guildId: string, window: WindowChoice): Promise<SeasonArchive[]> {
    const scopes = ['*', ...(await this.stats.servers(guildId)).map((s) => s.serverId)];
    const out: SeasonArchive[] = [];
    for (const serverId of scopes) {
      const boards: SeasonArchive['boards'] = {};
      for (const board of PLAYER_BOARD_NAMES) {
        const page = await this.stats.board(guildId, board, 1, SEASON_ARCHIVE_ROWS, serverId === '*' ? undefined : serverId, window);
        boards[board] = { total: page.total, rows: page.players };
      }
      out.push({ serverId, boards });
    }
    return out;
  }

  /** A page of the guild's seasons, newest first, after finishing a start that was interrupted. */
  async list(guildId: string, page: number): Promise<{ seasons: Season[]; total: number; current: number }> {
    const cur = await this.current(guildId);
    if (cur) await this.finish(guildId, cur.number - 1, cur.startedAt ?? this.now());
    const total = await this.col.countDocuments({ guildId });
    const pages = Math.max(1, Math.ceil(total / SEASONS_PAGE));
    const current = Math.min(Math.max(1, page), pages);
    const seasons = await this.col
      .find({ guildId })
      .sort({ number: -1 })
      .skip((current - 1) * SEASONS_PAGE)
      .limit(SEASONS_PAGE)
      .toArray();
    return { seasons, total, current };
  }

  /** One season by number. */
  get(guildId: string, number: number): Promise<Season | null> {
    return this.col.findOne({ _id: seasonId(guildId, number) });
  }

  /** Seasons whose name or number starts with what was typed (autocomplete), newest first. */
  async suggest(guildId: string, typed: string, limit = 25): Promise<Season[]> {
    const want = typed.trim().toLowerCase();
    const recent = await this.col.find({ guildId }).sort({ number: -1 }).limit(100).toArray();
    return recent.filter((s) => !want || String(s.number).startsWith(want) || (s.name ?? '').toLowerCase().includes(want)).slice(0, limit);
  }
}

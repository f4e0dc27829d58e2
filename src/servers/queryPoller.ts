/**
 * Asks each game server with a query port for its info (Steam A2S) at most every QUERY_INTERVAL_MS.
 * Every tick it takes at most `batch` due servers (the longest waiting first), claims each (one process
 * asks it per interval, whatever the number of processes), resolves and checks its host as SFTP does
 * (private addresses refused unless ALLOW_PRIVATE_SFTP_HOSTS), asks once and stores what it said.
 * QUERY_DOWN_AFTER misses in a row mark it down; the first answer after that marks it up again. Each
 * turn is one conditional update, and only its winner posts to the events channel: once per change,
 * across restarts and processes. The clock is injectable: tests move it instead of waiting.
 */
import { Routes, type REST } from 'discord.js';
import type { Collection } from 'mongodb';
import type { GameServer } from '../db/schemas.js';
import { shownName } from '../discord/limits.js';
import type { Translator } from '../i18n/translate.js';
import type { Logger } from '../logger.js';
import { queryInfo, QUERY_TIMEOUT_MS, type A2sInfo, type QueryTarget } from '../query/a2s.js';
import { resolveHost, type HostGuardOptions } from '../sftp/hostGuard.js';
import { QueryStore } from './queryStore.js';
import { RoundLoop } from '../util/roundLoop.js';

/** A server is asked at most this often. */
export const QUERY_INTERVAL_MS = 30_000;
/** How often the poller looks for due servers. */
export const QUERY_TICK_MS = 5_000;
/** Servers asked per tick at most (per process): 200 per 5 s, a few kB of UDP a second. */
export const QUERY_BATCH = 200;
/** Servers asked at once within a tick. */
export const QUERY_CONCURRENCY = 16;
/** Misses in a row after which a server counts as down. */
export const QUERY_DOWN_AFTER = 3;
/** A name's resolution gives up after this long (it counts as a miss). */
export const QUERY_RESOLVE_TIMEOUT_MS = 2_000;

export interface QueryPollerOptions {
  col: Collection<GameServer>;
  rest: REST;
  /** The guild's words (GuildConfigRepo.texts): the posts are public. */
  texts: (guildId: string) => Promise<Translator>;
  allowPrivate: boolean;
  logger: Logger;
  now?: () => Date;
  tickMs?: number;
  batch?: number;
  timeoutMs?: number;
  /** Injected for tests (hostGuard's lookup). */
  lookup?: HostGuardOptions['lookup'];
}

const NO_MENTIONS = { parse: [] as string[] };
const later = (now: Date, ms: number) => new Date(now.getTime() + ms);

export class QueryPoller {
  readonly store: QueryStore;
  private readonly loop: RoundLoop;
  private readonly now: () => Date;

  constructor(private readonly o: QueryPollerOptions) {
    this.store = new QueryStore(o.col);
    this.now = o.now ?? (() => new Date());
    this.loop = new RoundLoop(() => this.tick(), o.tickMs ?? QUERY_TICK_MS, (err) => o.logger.warn({ err: err.message }, 'server query round failed'));
  }

  /** Starts ticking; returns the stop function (for Lifecycle.onShutdown). */
  start(): () => Promise<void> {
    this.loop.start();
    return () => this.stop();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }


  /** One round: the due servers of a batch, a few at a time. Returns how many were due. */
  async tick(): Promise<number> {
    const due = await this.store.due(this.now(), this.o.batch ?? QUERY_BATCH);
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const s = due[next++]!;
        await this.ask(s).catch((err: Error) => this.o.logger.warn({ guildId: s.guildId, serverId: s._id, err: err.message }, 'server query failed'));
      }
    };
    await Promise.all(Array.from({ length: Math.min(QUERY_CONCURRENCY, due.length) }, worker));
    return due.length;
  }

  /** Claims one due server, asks it and records the answer or the miss (posting a turn down or up). */
  async ask(s: GameServer): Promise<void> {
    const port = s.settings.queryPort;
    if (!port || !(await this.store.claim(s, later(this.now(), QUERY_INTERVAL_MS)))) return;
    let target: QueryTarget;
    try {
      const resolved = await resolveHost(s.host, { allowPrivate: this.o.allowPrivate, timeoutMs: QUERY_RESOLVE_TIMEOUT_MS, ...(this.o.lookup ? { lookup: this.o.lookup } : {}) });
      target = { address: resolved.address, family: resolved.family, port };
    } catch (err) {
      // A refused or unresolvable address is a setting to fix, not the server being down.
      this.o.logger.info({ guildId: s.guildId, serverId: s._id, err: (err as Error).message }, 'server query address refused');
      return this.store.refused(s._id);
    }
    let info: A2sInfo;
    try {
      info = await queryInfo(target, this.o.timeoutMs ?? QUERY_TIMEOUT_MS);
    } catch {
      return this.missed(s);
    }
    const at = this.now();
    await this.store.answered(s._id, { online: info.players, max: info.maxPlayers, name: info.name, map: info.map, version: info.version || null }, at);
    if (s.query?.down && (await this.store.cameBack(s._id))) await this.post(s, (t) => t.t('query.back', { name: shownName(s.name), online: info.players, max: info.maxPlayers }));
  }

  private async missed(s: GameServer): Promise<void> {
    const misses = (s.query?.misses ?? 0) + 1;
    await this.store.missed(s._id, misses);
    if (misses >= QUERY_DOWN_AFTER && !s.query?.down && (await this.store.wentDown(s._id, this.now()))) await this.post(s, (t) => t.t('query.down', { name: shownName(s.name) }));
  }

  /** One post in the server's events channel (none when it has no events channel); a failure is only logged. */
  private async post(s: GameServer, words: (t: Translator) => string): Promise<void> {
    this.o.logger.info({ guildId: s.guildId, serverId: s._id, down: !s.query?.down }, 'server query turn');
    const channelId = s.channels.events;
    if (!channelId) return;
    const t = await this.o.texts(s.guildId);
    const content = words(t);
    await this.o.rest
      .post(Routes.channelMessages(channelId), { body: { content, allowed_mentions: NO_MENTIONS } })
      .catch((err: Error) => this.o.logger.warn({ guildId: s.guildId, serverId: s._id, err: err.message }, 'server query post failed'));
  }
}

/**
 * When the bot is removed from a guild (GUILD_DELETE without `unavailable`: kicked, or the guild
 * deleted; an outage arrives as `unavailable` and changes nothing), its game servers stop being polled
 * and their SFTP passwords are deleted at once: credentials of a community the bot no longer serves are
 * a liability, not a service. Everything else (servers, stats, credits, canvas) is kept
 * GUILD_DATA_KEPT_DAYS, so a re-invite restores it (each server asks for its password again with
 * `/server edit`); after that it is deleted by `purgeDeparted`.
 */
import { Events, type Client } from 'discord.js';
import type { Db } from 'mongodb';
import type { Collections } from '../db/collections.js';
import { COLLECTION_NAMES } from '../db/collections.js';
import { INGEST_COLLECTION_NAMES } from '../ingest/index.js';
import type { Logger } from '../logger.js';

export const GUILD_DATA_KEPT_DAYS = 30;

/** Collections holding a guild's data by a `guildId` field (the guild config is keyed by `_id`). */
const GUILD_SCOPED: readonly string[] = [
  COLLECTION_NAMES.memberStats,
  COLLECTION_NAMES.errors,
  COLLECTION_NAMES.playerLinks,
  COLLECTION_NAMES.linkClaims,
  COLLECTION_NAMES.gameServers,
  COLLECTION_NAMES.pendingServers,
  COLLECTION_NAMES.canvasBoards,
  COLLECTION_NAMES.canvasLog,
  COLLECTION_NAMES.canvasCooldowns,
  COLLECTION_NAMES.canvasBans,
  COLLECTION_NAMES.creditLedger,
  COLLECTION_NAMES.creditBalances,
  INGEST_COLLECTION_NAMES.cursors,
  INGEST_COLLECTION_NAMES.stats,
  INGEST_COLLECTION_NAMES.outbox,
  INGEST_COLLECTION_NAMES.feedHolds,
  INGEST_COLLECTION_NAMES.windows,
  INGEST_COLLECTION_NAMES.killEvents,
  INGEST_COLLECTION_NAMES.playtime,
  COLLECTION_NAMES.seasons,
  COLLECTION_NAMES.wipePrompts,
  COLLECTION_NAMES.boards,
  COLLECTION_NAMES.statusBoards,
  COLLECTION_NAMES.auditLog,
  COLLECTION_NAMES.gameHands,
  COLLECTION_NAMES.bounties,
  COLLECTION_NAMES.factions,
  COLLECTION_NAMES.factionMembers,
];

/** What the guild's game servers need done when the bot leaves (GameServers). */
export interface DepartingServers {
  guildLeft(guildId: string): Promise<number>;
}

export class GuildDepartures {
  constructor(
    private readonly db: Db,
    private readonly cols: Pick<Collections, 'guildDepartures' | 'guildConfigs'>,
    private readonly servers: DepartingServers,
    private readonly logger: Logger,
  ) {}

  /** The bot was removed: polling stops and passwords go now; the rest waits out the grace period. */
  async left(guildId: string, now = new Date()): Promise<void> {
    const forgotten = await this.servers.guildLeft(guildId);
    await this.cols.guildDepartures.updateOne({ _id: guildId }, { $setOnInsert: { leftAt: now } }, { upsert: true });
    this.logger.info({ guildId, passwordsDeleted: forgotten, keptDays: GUILD_DATA_KEPT_DAYS }, 'removed from a guild: polling stopped, SFTP passwords deleted');
  }

  /** Invited back within the grace period: nothing is purged. */
  async returned(guildId: string): Promise<boolean> {
    const r = await this.cols.guildDepartures.deleteOne({ _id: guildId });
    if (r.deletedCount) this.logger.info({ guildId }, 'invited back: the guild data kept since the bot left is in use again');
    return r.deletedCount > 0;
  }

  /** The guilds the bot is in at start: any of them it had left was invited back meanwhile (one write). */
  async returnedAll(guildIds: readonly string[]): Promise<number> {
    if (!guildIds.length) return 0;
    return (await this.cols.guildDepartures.deleteMany({ _id: { $in: [...guildIds] } })).deletedCount;
  }

  /** Deletes the data of guilds left more than GUILD_DATA_KEPT_DAYS ago (an indexed read, a few guilds a pass). */
  async purgeDeparted(now = new Date(), limit = 20): Promise<string[]> {
    const before = new Date(now.getTime() - GUILD_DATA_KEPT_DAYS * 86_400_000);
    const due = await this.cols.guildDepartures.find({ leftAt: { $lt: before } }).sort({ leftAt: 1 }).limit(limit).toArray();
    for (const { _id: guildId } of due) {
      for (const name of GUILD_SCOPED) await this.db.collection(name).deleteMany({ guildId });
      await this.cols.guildConfigs.deleteOne({ _id: guildId });
      // Last: a purge interrupted midway is picked up again by the next pass.
      await this.cols.guildDepartures.deleteOne({ _id: guildId });
      this.logger.info({ guildId }, `guild data deleted ${GUILD_DATA_KEPT_DAYS} days after the bot left`);
    }
    return due.map((d) => d._id);
  }
}

export const PURGE_EVERY_MS = 3_600_000;

/**
 * Wires departures to the gateway: GuildDelete (discord.js emits it only when the guild is really gone;
 * an outage is GuildUnavailable) and GuildCreate (a re-invite). Guilds present at start were invited
 * back while the bot was down. `purge`: this process runs the hourly purge (the first shard's does).
 * Returns a stop function.
 */
export function watchDepartures(client: Client, departures: GuildDepartures, logger: Logger, purge: boolean): () => void {
  const failed = (guildId: string, what: string) => (err: Error) => logger.warn({ guildId, err: err.message }, what);
  client.on(Events.GuildDelete, (guild) => void departures.left(guild.id).catch(failed(guild.id, 'could not handle leaving a guild')));
  client.on(Events.GuildCreate, (guild) => void departures.returned(guild.id).catch(failed(guild.id, 'could not handle a re-invite')));
  void departures.returnedAll([...client.guilds.cache.keys()]).catch(failed('*', 'could not check re-invites at start'));
  if (!purge) return () => undefined;
  const run = () => void departures.purgeDeparted().catch(failed('*', 'guild data purge failed'));
  run();
  const timer = setInterval(run, PURGE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

import type { Collection, Db, IndexDescription } from 'mongodb';
import type { CreditBalance, LedgerEntry } from './economySchemas.js';
import type { Bounty } from './bountySchemas.js';
import type { PremiumChange } from './premiumChanges.js';
import type { AuditEntry } from './auditSchemas.js';
import { versioned } from './dataVersions.js';
import type { CanvasBan, CanvasBoard, CanvasCooldown, CanvasPlacement } from './canvasSchemas.js';
import type { PostedBoard } from './boardSchemas.js';
import type { StatusBoard } from './statusBoardSchemas.js';
import type { LinkClaim } from './linkSchemas.js';
import type { Season, WipePrompt } from './seasonSchemas.js';
import type { GameHand } from './gameSchemas.js';
import { FACTION_HISTORY_DAYS, type Faction, type FactionMember } from './factionSchemas.js';
import type { ErrorRecord, GameServer, GuildConfig, GuildDeparture, LegacyErrorRecord, LockDocument, MemberStats, MetaDocument, MigrationRecord, PendingServer, PlayerLink, ServerLease } from './schemas.js';

/** Every collection the bot uses, typed, with the indexes ensured at start. */
export interface Collections {
  guildConfigs: Collection<GuildConfig>;
  memberStats: Collection<MemberStats>;
  errors: Collection<ErrorRecord>;
  legacyErrors: Collection<LegacyErrorRecord>;
  migrations: Collection<MigrationRecord>;
  locks: Collection<LockDocument>;
  meta: Collection<MetaDocument>;
  playerLinks: Collection<PlayerLink>;
  linkClaims: Collection<LinkClaim>;
  gameServers: Collection<GameServer>;
  pendingServers: Collection<PendingServer>;
  canvasBoards: Collection<CanvasBoard>;
  canvasLog: Collection<CanvasPlacement>;
  canvasCooldowns: Collection<CanvasCooldown>;
  canvasBans: Collection<CanvasBan>;
  creditLedger: Collection<LedgerEntry>;
  creditBalances: Collection<CreditBalance>;
  premiumChanges: Collection<PremiumChange>;
  serverLeases: Collection<ServerLease>;
  guildDepartures: Collection<GuildDeparture>;
  boards: Collection<PostedBoard>;
  statusBoards: Collection<StatusBoard>;
  seasons: Collection<Season>;
  wipePrompts: Collection<WipePrompt>;
  auditLog: Collection<AuditEntry>;
  bounties: Collection<Bounty>;
  gameHands: Collection<GameHand>;
  factions: Collection<Faction>;
  factionMembers: Collection<FactionMember>;
}

export const COLLECTION_NAMES: Record<keyof Collections, string> = {
  guildConfigs: 'guild_configs',
  memberStats: 'member_stats',
  errors: 'errors',
  legacyErrors: 'legacy_errors',
  migrations: 'migrations',
  locks: 'locks',
  meta: 'meta',
  playerLinks: 'player_links',
  linkClaims: 'link_claims',
  gameServers: 'game_servers',
  pendingServers: 'pending_server_adds',
  canvasBoards: 'canvas_boards',
  canvasLog: 'canvas_log',
  canvasCooldowns: 'canvas_cooldowns',
  canvasBans: 'canvas_bans',
  creditLedger: 'credit_ledger',
  creditBalances: 'credit_balances',
  premiumChanges: 'premium_changes',
  guildDepartures: 'guild_departures',
  serverLeases: 'server_leases',
  boards: 'boards',
  statusBoards: 'status_boards',
  seasons: 'seasons',
  wipePrompts: 'wipe_prompts',
  auditLog: 'audit_log',
  bounties: 'bounties',
  gameHands: 'game_hands',
  factions: 'factions',
  factionMembers: 'faction_members',
};

/**
 * Days an error record is kept (`errors` from its time, `legacy_errors` from its import): the TTL indexes
 * below, whose names say 90d (another value needs new index names, or a collMod of the existing ones).
 */
export const ERROR_RETENTION_DAYS = 90;

/** The slot a Trust & save claims under the guild's server limit (src/servers/slots.ts explains it). */
export const ADD_SLOT_INDEX: IndexDescription = { key: { addSlot: 1 }, name: 'add_slot', unique: true, partialFilterExpression: { addSlot: { $type: 'string' } } };

const INDEXES: Partial<Record<keyof Collections, IndexDescription[]>> = {
  // A player belongs to at most one member of a guild (approved links only live here); a member's links.
  playerLinks: [
    { key: { guildId: 1, playerId: 1 }, name: 'guild_player', unique: true },
    { key: { guildId: 1, userId: 1, linkedAt: 1 }, name: 'guild_user' },
    // A member's links stay within the tier's count when links race (src/stats/linkSlots.ts).
    { key: { linkSlot: 1 }, name: 'link_slot', unique: true, partialFilterExpression: { linkSlot: { $type: 'string' } } },
  ],
  // One claim per member and player; /links review pages a guild's claims oldest first; a member's claims.
  linkClaims: [
    { key: { guildId: 1, playerId: 1, userId: 1 }, name: 'guild_player_user', unique: true },
    { key: { guildId: 1, claimedAt: 1, _id: 1 }, name: 'guild_claimed' },
    { key: { guildId: 1, userId: 1 }, name: 'guild_user' },
  ],
  memberStats: [{ key: { guildId: 1, commandsUsed: -1 }, name: 'guild_commands' }],
  errors: [
    { key: { guildId: 1, at: -1 }, name: 'guild_recent' },
    { key: { fingerprint: 1, at: -1 }, name: 'fingerprint_recent' },
    // Error details are kept 90 days: long enough for any report, never a growing pile.
    { key: { at: 1 }, name: 'expire_90d', expireAfterSeconds: ERROR_RETENTION_DAYS * 86_400 },
  ],
  // The old bot's errors (migration 005): the same 90 days, counted from their import.
  legacyErrors: [{ key: { importedAt: 1 }, name: 'expire_90d_after_import', expireAfterSeconds: ERROR_RETENTION_DAYS * 86_400 }],
  // Names are unique per guild: /server options resolve by id or name. The add slot holds the tier's server
  // limit when adds race (src/servers/slots.ts). The Steam query poller takes due servers by `query_due`.
  gameServers: [{ key: { guildId: 1, name: 1 }, name: 'guild_name', unique: true }, ADD_SLOT_INDEX, { key: { 'settings.queryPort': 1, 'query.nextAt': 1 }, name: 'query_due' }],
  // Pending adds hold sealed credentials: MongoDB's TTL monitor deletes them once expired.
  pendingServers: [{ key: { expiresAt: 1 }, name: 'expires_ttl', expireAfterSeconds: 0 }],
  // /canvas pixel (latest at x,y), rollback (a member's recent pixels), timelapse (all by time).
  canvasLog: [
    { key: { guildId: 1, x: 1, y: 1, rev: -1, seq: -1 }, name: 'guild_xy_order' },
    { key: { guildId: 1, userId: 1, at: -1 }, name: 'guild_user_at' },
    { key: { guildId: 1, at: 1 }, name: 'guild_at' },
    // Placements whose credit is not paid yet: only unmarked entries are in it, so the retry stays small.
    { key: { credited: 1, at: 1 }, name: 'hook_undelivered', partialFilterExpression: { credited: false } },
  ],
  // The ledger's sweep (crash leftovers, old markers) and a member's history.
  creditLedger: [
    { key: { state: 1, at: 1 }, name: 'state_at' },
    { key: { cleared: 1, doneAt: 1 }, name: 'cleared_done' },
    // Entries the sweep failed on (/metrics counts them): only those are in it.
    { key: { failures: 1 }, name: 'sweep_failures', partialFilterExpression: { failures: { $gt: 0 } } },
    // Finished entries go at their `expiresAt` (src/economy/ledgerRetention.ts: per reason, and why it is safe).
    { key: { expiresAt: 1 }, name: 'expires_ttl', expireAfterSeconds: 0 },
  ],
  // /leaderboard stat:credits and a member's rank.
  creditBalances: [{ key: { guildId: 1, credits: -1, userId: 1 }, name: 'guild_credits' }],
  // /premium status: a guild's last grant or revoke.
  premiumChanges: [{ key: { guildId: 1, at: -1 }, name: 'guild_recent' }],
  // Guilds the bot left: their data is purged once the grace period is over (src/servers/guildDeparture.ts).
  guildDepartures: [{ key: { leftAt: 1 }, name: 'left_at' }],
  // Leases are found by _id only; a removed server's lease (or a dead process's) is deleted a day after it expired.
  serverLeases: [{ key: { expiresAt: 1 }, name: 'expired_ttl', expireAfterSeconds: 86_400 }],
  // /board list and the tier's count (a guild's boards by age); the updater's due boards; the count's slot.
  boards: [
    { key: { guildId: 1, createdAt: 1 }, name: 'guild_created' },
    { key: { nextAt: 1 }, name: 'due', partialFilterExpression: { nextAt: { $type: 'date' } } },
    { key: { slot: 1 }, name: 'guild_slot', unique: true },
  ],
  // /server statusboard: a guild's status boards (at most one per server and one for all: the _id); the due ones.
  statusBoards: [
    { key: { guildId: 1, createdAt: 1 }, name: 'guild_created' },
    { key: { nextAt: 1 }, name: 'due', partialFilterExpression: { nextAt: { $type: 'date' } } },
  ],
  // /season list and the current season (a guild's highest number); `_id` is guildId|number (one per number).
  seasons: [{ key: { guildId: 1, number: -1 }, name: 'guild_number' }],
  // Found by _id only (serverId|world); kept a year, longer than a world lasts.
  wipePrompts: [{ key: { at: 1 }, name: 'expire_1y', expireAfterSeconds: 365 * 86_400 }],
  // /audit pages (a guild's, one kind's, one actor's: newest first, _id breaks ties); kept 180 days (AUDIT_RETENTION_DAYS).
  auditLog: [
    { key: { guildId: 1, at: -1, _id: -1 }, name: 'guild_at' },
    { key: { guildId: 1, kind: 1, at: -1, _id: -1 }, name: 'guild_kind_at' },
    { key: { guildId: 1, actorId: 1, at: -1, _id: -1 }, name: 'guild_actor_at' },
    { key: { at: 1 }, name: 'expire_180d', expireAfterSeconds: 180 * 86_400 },
  ],
  // Bounties: a batch's victims' active ones, /bounty list and the limits, a member's; the expiry sweep; what a kill claimed.
  bounties: [
    { key: { guildId: 1, state: 1, targetId: 1 }, name: 'guild_state_target' },
    { key: { guildId: 1, placerId: 1, state: 1 }, name: 'guild_placer_state' },
    { key: { state: 1, expiresAt: 1 }, name: 'state_expires' },
    // The sweep's watch for a late charge of a bounty it voided uncharged (src/bounties/repair.ts).
    { key: { state: 1, givenUpAt: 1 }, name: 'state_given_up', partialFilterExpression: { givenUpAt: { $exists: true } } },
    // `$exists`: a query by `claimRef: { $in: [ids] }` implies it, so the planner may use this partial index.
    { key: { guildId: 1, claimRef: 1 }, name: 'guild_claim', partialFilterExpression: { claimRef: { $exists: true } } },
    { key: { expireAt: 1 }, name: 'expire_ttl', expireAfterSeconds: 0 },
  ],
  // Games (src/games/games.ts): one open blackjack hand per member; the sweep's leftovers by state and age;
  // finished games go at their `expiresAt` (open ones have none); a departed guild's games, by guild.
  gameHands: [
    { key: { openSlot: 1 }, name: 'open_slot', unique: true, partialFilterExpression: { openSlot: { $type: 'string' } } },
    { key: { guildId: 1 }, name: 'guild' },
    { key: { state: 1, touchedAt: 1 }, name: 'state_touched' },
    { key: { expiresAt: 1 }, name: 'expires_ttl', expireAfterSeconds: 0 },
  ],
  // Tags and names are unique per guild (case-insensitive); /faction info's autocomplete and the faction board.
  factions: [
    { key: { guildId: 1, tagLower: 1 }, name: 'guild_tag', unique: true },
    { key: { guildId: 1, nameLower: 1 }, name: 'guild_name', unique: true },
    // At most FACTIONS_MAX per guild (src/factions/store.ts freeSlot); factions made before slots have none.
    { key: { guildId: 1, slot: 1 }, name: 'guild_slot', unique: true, partialFilterExpression: { slot: { $type: 'number' } } },
  ],
  // One active membership per member (src/db/factionSchemas.ts); a faction's members; stints by member and time (team kills).
  factionMembers: [
    { key: { guildId: 1, userId: 1 }, name: 'guild_user_active', unique: true, partialFilterExpression: { active: true } },
    { key: { factionId: 1, active: 1, joinedAt: 1 }, name: 'faction_active' },
    { key: { guildId: 1, userId: 1, joinedAt: -1 }, name: 'guild_user_joined' },
    // Ended stints go FACTION_HISTORY_DAYS after they ended (a current one has leftAt null: kept).
    { key: { leftAt: 1 }, name: 'left_ttl', expireAfterSeconds: FACTION_HISTORY_DAYS * 86_400 },
  ],
};

/** The typed collections, each stamping `dataVersion` on the documents it creates (src/db/dataVersions.ts). */
export function collections(db: Db): Collections {
  return Object.fromEntries(
    Object.entries(COLLECTION_NAMES).map(([key, name]) => [key, versioned(db.collection(name), key as keyof Collections)]),
  ) as unknown as Collections;
}

/** Creates missing indexes; createIndexes is a no-op for indexes that already exist with the same spec. */
export async function ensureIndexes(cols: Collections): Promise<void> {
  for (const [key, specs] of Object.entries(INDEXES) as [keyof Collections, IndexDescription[]][]) {
    if (specs.length) await (cols[key] as unknown as Collection).createIndexes(specs);
  }
}

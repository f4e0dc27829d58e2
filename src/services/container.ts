import type { Client } from 'discord.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { Db, MongoClient } from 'mongodb';
import type { BoardService } from '../boards/service.js';
import type { BountyService } from '../bounties/service.js';
import type { StatusBoardService } from '../boards/statusService.js';
import type { CanvasService } from '../canvas/service.js';
import type { Config } from '../config.js';
import type { Collections } from '../db/collections.js';
import type { Economy } from '../economy/economy.js';
import type { Games } from '../games/games.js';
import type { Logger } from '../logger.js';
import type { PremiumService } from '../premium/service.js';
import type { ProfileCards } from '../profile/cards.js';
import type { GuildConfigRepo } from '../repos/guildConfigRepo.js';
import type { MemberStatsRepo } from '../repos/memberStatsRepo.js';
import type { GameServers } from '../servers/gameServers.js';
import type { LinkRepo } from '../stats/links.js';
import type { StatsQueries } from '../stats/queries.js';
import type { Seasons } from '../stats/seasons.js';
import type { CompareService } from '../stats/compareService.js';
import type { ErrorTelemetry } from './errorTelemetry.js';
import type { FactionService } from '../factions/service.js';
import type { FactionStats } from '../factions/factionStats.js';
import type { Lifecycle } from './lifecycle.js';
import type { Metrics } from './metrics.js';
import type { RateLimiter } from './rateLimiter.js';
import type { UsageStats } from './usageStats.js';

/**
 * Everything a command handler may use, built once at start by `startBot` (app.ts). Only the command
 * layer and the middleware read it: services below receive the few parts they use, never this bag.
 */
export interface AppServices {
  config: Config;
  logger: Logger;
  client: Client;
  mongo: MongoClient;
  db: Db;
  cols: Collections;
  guildConfigs: GuildConfigRepo;
  /** A member's counters, shop possessions and /daily state: member_stats' one repository. */
  memberStats: MemberStatsRepo;
  /** Player stats (read side) and member ↔ player links. */
  stats: StatsQueries;
  /** Seasons (wipes): the current one, starting the next, the archive. */
  seasons: Seasons;
  links: LinkRepo;
  /** The guilds' game servers: every change, SFTP use and log polling of one goes through here. */
  gameServers: GameServers;
  /** Premium grants, revokes and status (/premium). */
  premium: PremiumService;
  telemetry: ErrorTelemetry;
  rateLimiter: RateLimiter;
  metrics: Metrics;
  usage: UsageStats;
  /** The guild pixel canvas (/canvas). */
  canvas: CanvasService;
  /** Credits per guild: the ledger every earning, purchase and transfer goes through. */
  economy: Economy;
  /** Bounties on in-game players (/bounty): escrowed credits, claimed by kills through the ingest. */
  bounties: BountyService;
  /** /coinflip, /slots, /blackjack: bets and wins through the economy, each game settled once. */
  games: Games;
  /** /profile cards: rendered once per set of inputs, cached by bytes. */
  profiles: ProfileCards;
  /** Boards kept up to date by editing one message (/board), and board pictures (/leaderboard image:). */
  boards: BoardService;
  /** Status boards of game servers kept current in one message each (/server statusboard). */
  statusBoards: StatusBoardService;
  /** /compare: the duel read and the cards, rendered once per set of inputs. */
  compare: CompareService;
  /** Admin actions, newest first (/audit): record after an action succeeded; never throws, never stores a secret. */
  audit: AuditLog;
  /** Factions (/faction): membership, invites, the team-kill and tag questions. */
  factions: FactionService;
  /** A faction's combined numbers and the faction board. */
  factionStats: FactionStats;
  lifecycle: Lifecycle;
  version: string;
  startedAt: Date;
}

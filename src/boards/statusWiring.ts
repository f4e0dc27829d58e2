/** The status board service built from the bot's parts (app.ts hands them over as they are). */
import type { Client } from 'discord.js';
import type { Collection } from 'mongodb';
import type { GameServer } from '../db/schemas.js';
import type { StatusBoard } from '../db/statusBoardSchemas.js';
import type { Translator } from '../i18n/translate.js';
import type { IngestCursor, StatsDoc } from '../ingest/schemas.js';
import type { Logger } from '../logger.js';
import type { LinkedNames } from '../stats/linkedNames.js';
import { DiscordBoardNotices } from './notices.js';
import { discordStatusNotices } from './statusNotices.js';
import { StatusBoardService } from './statusService.js';

export interface StatusParts {
  col: Collection<StatusBoard>;
  ingest: { cursors: Collection<IngestCursor>; stats: Collection<StatsDoc> };
  client: Client;
  logger: Logger;
  guildConfigs: { texts(guildId: string): Promise<Translator> };
  gameServers: { list(guildId: string): Promise<GameServer[]> };
  linkedNames: LinkedNames;
  /** Where the bot's admin alerts go in a guild (null: nowhere it can post; see ./notices.ts). */
  adminChannel(guildId: string): Promise<string | null>;
}

export function statusBoardServiceOf(p: StatusParts): StatusBoardService {
  const logger = p.logger.child({ module: 'statusBoards' });
  return new StatusBoardService({
    col: p.col,
    sources: { servers: (guildId) => p.gameServers.list(guildId), cursors: p.ingest.cursors, stats: p.ingest.stats, linkedNames: p.linkedNames },
    texts: (guildId) => p.guildConfigs.texts(guildId),
    rest: p.client.rest,
    notices: discordStatusNotices(new DiscordBoardNotices(p.client.rest, p.adminChannel, logger)),
    logger,
  });
}

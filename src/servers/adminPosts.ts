/**
 * The ingest's `adminPosts` hook (src/ingest/adminItems.ts): the guild's admin channel (`/settings set
 * admin_channel`) and the server's name for the kicks and flagged kills posted there; null: not posted.
 */
import type { AdminPostsOf } from '../ingest/batchTypes.js';
import type { GuildConfigRepo } from '../repos/guildConfigRepo.js';
import type { GameServers } from './gameServers.js';

export function adminPostsOf(configs: Pick<GuildConfigRepo, 'get'>, servers: () => Pick<GameServers, 'get'>): AdminPostsOf {
  return async (guildId, serverId) => {
    const channelId = (await configs.get(guildId)).adminChannelId;
    return channelId ? { channelId, server: (await servers().get(guildId, serverId))?.name ?? serverId } : null;
  };
}

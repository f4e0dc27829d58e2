/** The discord.js client as the bot runs it (caches, mentions, REST, shards), and which shards this process holds. */
import { Client, GatewayIntentBits, Options } from 'discord.js';
import type { Config } from '../config.js';
import { NO_MENTIONS } from './limits.js';

export function createClient(config: Config): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    // Every message discord.js sends (replies, edits, follow-ups, channel posts) carries allowed_mentions:
    // a name like `@everyone` from a game server or a member pings nobody. A message that means to ping
    // says so itself. (Feed posts go through REST directly: feedMessageBody sets it there.)
    allowedMentions: NO_MENTIONS,
    // Interactions carry the member, user and clicked message they concern, and the bot never reads them
    // back from a cache: by default each interaction would add its member, user and message to caches
    // that only grow (members, users) or hold 200 messages per channel. Keep only the bot's own member
    // (guild.members.me: feed permission checks) and user (client.user). Guilds, channels and roles stay
    // cached as discord.js needs them (permissions, feeds).
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user?.id },
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user?.id },
    }),
    rest: {
      ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}),
      globalRequestsPerSecond: config.DISCORD_REST_RPS,
    },
    // Several machines: this process runs the shards SHARD_IDS of SHARD_COUNT itself (no ShardingManager).
    ...(config.SHARD_IDS && typeof config.SHARD_COUNT === 'number' ? { shards: config.SHARD_IDS, shardCount: config.SHARD_COUNT } : {}),
  });
}

/** The shards this process runs (SHARD_IDS, or the manager's), or null when it runs them all. */
export function shardIdsOf(config: Config, client: Client): number[] | null {
  return config.SHARD_IDS ?? client.shard?.ids ?? null;
}

/** Is this process responsible for once-per-bot work (command sync, schedulers of unsharded state)? The holder of shard 0. */
export function isFirstShard(config: Config, client: Client): boolean {
  return shardIdsOf(config, client)?.includes(0) ?? true;
}

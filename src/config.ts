import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const oneSecretsKey = z.string().refine(
  (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32,
  'must be 32 bytes encoded as base64 (generate one with: openssl rand -base64 32)',
);
/** `new` or `new,old,…`: the first key seals; older ones still open records until they are re-sealed at start. */
const secretsKeys = z
  .string()
  .transform((v) => v.split(',').map((k) => k.trim()).filter(Boolean))
  .pipe(z.array(oneSecretsKey).min(1, 'must be 32 bytes encoded as base64 (generate one with: openssl rand -base64 32)'));

/** The environment contract of ../shared/spec/product.md: one schema, the source of the Config type. */
export const envSchema = z.object({
  DISCORD_TOKEN: z.string().min(1, 'is required'),
  DISCORD_APPLICATION_ID: snowflake,
  /** Unset: the bot runs an embedded local mongod (src/db/embedded.ts). A value always wins. */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  /** Where the embedded mongod keeps its data (only used while MONGODB_URI is unset); relative to the working directory. */
  MONGODB_DATA_DIR: z.string().min(1).default('./data/mongo'),
  SECRETS_KEY: secretsKeys,
  OWNER_IDS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(snowflake)),
  DEV_GUILD_ID: snowflake.optional(),
  DISCORD_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:8080/api' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HEALTH_PORT: z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535).optional(),
  /** Where HEALTH_PORT listens: loopback by default, so /metrics and /healthz are not served to the network unasked. */
  HEALTH_HOST: z
    .union([z.ipv4(), z.ipv6()], { error: 'must be an IP address to listen on, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)' })
    .default('127.0.0.1'),
  ALLOW_PRIVATE_SFTP_HOSTS: bool,
  SHARD_COUNT: z
    .union([z.literal('auto'), z.coerce.number().int().min(1)], { error: "must be 'auto' or a positive integer" })
    .optional(),
  /**
   * Several machines: the shards this process runs, of SHARD_COUNT (e.g. `0,1` here and `2,3` on another).
   * This one process then runs them all (src/main.ts); unset, it runs every shard.
   */
  SHARD_IDS: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d{1,5}$/, 'must be shard ids separated by commas, such as 0,1')).min(1, 'must list at least one shard id'))
    .transform((ids) => [...new Set(ids.map(Number))].sort((a, b) => a - b))
    .optional(),
  /** Seconds a game server's poll lease lasts (renewed every third of it): a dead machine's servers are polled elsewhere within about 4/3 of it. */
  LEASE_SECONDS: z.coerce.number({ error: 'must be a number' }).int().min(3).max(3600).default(60),
  /** REST requests per second discord.js allows itself. Discord's limit is 50; only tests raise it. */
  DISCORD_REST_RPS: z.coerce.number({ error: 'must be a number' }).int().min(1).default(50),
  // Limits an operator may tune; unset keeps the defaults in src/sftp/pool.ts and src/ingest/budget.ts.
  /** SSH connections open at once across every game server (polls and connection tests). */
  SFTP_MAX_CONNECTIONS: z.coerce.number({ error: 'must be a number' }).int().min(1).max(10_000).optional(),
  /** Bytes one poll of one game server may read (MiB); a larger growth is read over several polls. */
  POLL_MAX_MB: z.coerce.number({ error: 'must be a number' }).int().min(1).max(4096).optional(),
  /** Seconds one poll of one game server may spend reading. */
  POLL_MAX_SECONDS: z.coerce.number({ error: 'must be a number' }).int().min(1).max(600).optional(),
}).superRefine((c, ctx) => {
  if (!c.SHARD_IDS) return;
  // Each machine must agree on the total: a guild's shard is (guild_id >> 22) % SHARD_COUNT.
  if (typeof c.SHARD_COUNT !== 'number') {
    ctx.addIssue({ code: 'custom', path: ['SHARD_IDS'], message: 'needs SHARD_COUNT set to a number: the total number of shards over every machine' });
  } else if (c.SHARD_IDS.some((id) => id >= (c.SHARD_COUNT as number))) {
    ctx.addIssue({ code: 'custom', path: ['SHARD_IDS'], message: `must list shard ids below SHARD_COUNT (${c.SHARD_COUNT}): ids count from 0` });
  }
});

/** The environment as loaded: MONGODB_URI may still be unset. */
export type EnvConfig = z.infer<typeof envSchema>;
/** What the bot runs with: MONGODB_URI resolved (the user's, or the embedded mongod's). */
export type Config = EnvConfig & { MONGODB_URI: string };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment; throws a ConfigError listing every problem at once (never a value). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  // An empty variable (FOO= in a .env file) means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? 'environment');
    // zod messages never echo the value, so secrets stay out of the message; "required" reads better
    // than zod's type error for an absent variable.
    const message = present[key] === undefined ? 'is required' : issue.message;
    return `${key} ${message}`;
  });
  throw new ConfigError([...new Set(problems)]);
}

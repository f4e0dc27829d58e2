/**
 * Discord's REST rate limits, as the double enforces them on every request
 * (https://discord.com/developers/docs/topics/rate-limits):
 * - per-route buckets keyed by route and major parameter (channel, guild, webhook), answered with
 *   `X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket`, and 429 + `retry_after` past the limit;
 * - the global limit of 50 requests per second per bot token; interaction endpoints (callbacks and the
 *   interaction-token webhooks, which carry no bot token) are not bound by it;
 * - a temporary ban once a bot made 10,000 invalid requests (401, 403, 429 other than scope `shared`)
 *   in 10 minutes: every request then gets 429 until the window has passed.
 * Windows are fixed, starting at a bucket's first request, like Discord's. Discord does not publish its
 * per-route numbers; the ones below are what it answers today for the routes the bot uses.
 */
import { createHash } from 'node:crypto';

export interface BucketRule {
  limit: number;
  windowMs: number;
}

export interface RateLimitOptions {
  /** Requests per second per bot token (Discord: 50). */
  globalPerSecond?: number;
  /** POST /channels/:id/messages per channel (Discord: about 5 per 5 s). */
  channelMessages?: BucketRule;
  /** Interaction follow-ups and edits per interaction token (Discord: 5 per 2 s). */
  webhooks?: BucketRule;
  /** Any other route, per major parameter. */
  otherRoutes?: BucketRule;
  /** Invalid requests before the temporary ban (Discord: 10,000 per 10 min). */
  invalidRequests?: BucketRule;
}

export const DISCORD_RATE_LIMITS: Required<RateLimitOptions> = {
  globalPerSecond: 50,
  channelMessages: { limit: 5, windowMs: 5_000 },
  webhooks: { limit: 5, windowMs: 2_000 },
  otherRoutes: { limit: 10, windowMs: 1_000 },
  invalidRequests: { limit: 10_000, windowMs: 600_000 },
};

export type RateVerdict =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; body: Record<string, unknown>; headers: Record<string, string> };

interface Window {
  start: number;
  used: number;
}

const ID = /^\d{15,21}$/;

/** discord.js's (and Discord's) route key: ids replaced, the major parameter kept apart. */
export function bucketRoute(path: string): { route: string; major: string } {
  const s = path.split('/').filter(Boolean);
  let major = 'global';
  if (s[0] === 'webhooks' && s.length >= 3) major = `${s[1]}/${s[2]}`;
  else if ((s[0] === 'channels' || s[0] === 'guilds') && s[1]) major = s[1];
  const route = s
    .map((seg, i) => (s[0] === 'webhooks' && i === 2 ? ':token' : ID.test(seg) ? ':id' : seg))
    .join('/');
  return { route: `/${route}`, major };
}

function isLooser(rule: BucketRule, discord: BucketRule): boolean {
  return rule.limit / rule.windowMs > discord.limit / discord.windowMs || rule.limit > discord.limit;
}

export class RateLimits {
  readonly rules: Required<RateLimitOptions>;
  private readonly buckets = new Map<string, Window>();
  private global: Window = { start: 0, used: 0 };
  private readonly invalid: number[] = [];
  private bannedUntil = 0;

  constructor(opts: RateLimitOptions = {}) {
    const r = { ...DISCORD_RATE_LIMITS, ...opts };
    // A test may be stricter than Discord, never looser: a loose double hides the bugs it exists to show.
    if (r.globalPerSecond > DISCORD_RATE_LIMITS.globalPerSecond) throw new Error('discord-double: global limit looser than Discord');
    for (const k of ['channelMessages', 'webhooks', 'otherRoutes'] as const) {
      if (isLooser(r[k], DISCORD_RATE_LIMITS[k])) throw new Error(`discord-double: ${k} limit looser than Discord`);
    }
    if (r.invalidRequests.limit > DISCORD_RATE_LIMITS.invalidRequests.limit) throw new Error('discord-double: invalid-request ban looser than Discord');
    this.rules = r;
  }

  private ruleFor(method: string, route: string): BucketRule {
    if (method === 'POST' && route === '/channels/:id/messages') return this.rules.channelMessages;
    if (route.startsWith('/webhooks/:id/:token')) return this.rules.webhooks;
    return this.rules.otherRoutes;
  }

  /** Decides one request before it is handled. `botAuth`: it carries the bot token. */
  take(method: string, path: string, botAuth: boolean, now = Date.now()): RateVerdict {
    if (now < this.bannedUntil) {
      const retry = (this.bannedUntil - now) / 1000;
      return {
        ok: false,
        body: { message: 'You are being blocked from accessing our API temporarily due to exceeding our rate limits frequently.', retry_after: retry, global: true, code: 0 },
        headers: { 'retry-after': String(Math.ceil(retry)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
      };
    }
    const { route, major } = bucketRoute(path);
    if (route.startsWith('/interactions/')) return { ok: true, headers: {} };
    if (botAuth) {
      if (now - this.global.start >= 1000) this.global = { start: now, used: 0 };
      if (this.global.used >= this.rules.globalPerSecond) {
        const retry = (this.global.start + 1000 - now) / 1000;
        return {
          ok: false,
          body: { message: 'You are being rate limited.', retry_after: retry, global: true },
          headers: { 'retry-after': String(Math.ceil(retry)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
        };
      }
      this.global.used++;
    }
    const rule = this.ruleFor(method, route);
    const hash = createHash('sha1').update(`${method} ${route}`).digest('hex').slice(0, 32);
    const key = `${hash}:${major}`;
    let w = this.buckets.get(key);
    if (!w || now - w.start >= rule.windowMs) this.buckets.set(key, (w = { start: now, used: 0 }));
    const resetAfter = (w.start + rule.windowMs - now) / 1000;
    const headers = {
      'x-ratelimit-limit': String(rule.limit),
      'x-ratelimit-remaining': String(Math.max(0, rule.limit - w.used - 1)),
      'x-ratelimit-reset': ((w.start + rule.windowMs) / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': hash,
    };
    if (w.used >= rule.limit) {
      return {
        ok: false,
        body: { message: 'You are being rate limited.', retry_after: resetAfter, global: false },
        headers: { ...headers, 'x-ratelimit-remaining': '0', 'retry-after': String(Math.ceil(resetAfter)), 'x-ratelimit-scope': 'user' },
      };
    }
    w.used++;
    return { ok: true, headers };
  }

  /** Counts an answer toward the ban: 401, 403, and 429 other than scope `shared`. */
  answered(status: number, scope: string | undefined, now = Date.now()): boolean {
    const invalid = status === 401 || status === 403 || (status === 429 && scope !== 'shared');
    if (!invalid) return false;
    const { limit, windowMs } = this.rules.invalidRequests;
    this.invalid.push(now);
    while (this.invalid.length && now - (this.invalid[0] ?? now) >= windowMs) this.invalid.shift();
    if (this.invalid.length >= limit) this.bannedUntil = (this.invalid[0] ?? now) + windowMs;
    return true;
  }

  /** True while the temporary ban holds. */
  banned(now = Date.now()): boolean {
    return now < this.bannedUntil;
  }
}

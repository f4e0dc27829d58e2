import { isDatabaseUnavailable, isUserError, UserError } from '../errors.js';
import { ACCESS_DENIED_MESSAGE, hasAccess } from './permissions.js';
import { tierAtLeast, TIERS } from '../premium/tiers.js';
import type { Outcome } from '../services/metrics.js';
import type { HandlerContext, Policy } from './types.js';
import { discordErrorText } from '../discord/apiErrors.js';
import { clip, LIMITS } from '../discord/limits.js';
import { msg } from '../i18n/message.js';
import type { Msg } from '../i18n/types.js';

/** Typed for guild interactions: the guild-only step below is what makes that true at run time. */
type ChainContext = HandlerContext;

/**
 * The chain every handler runs through, outermost first — the equivalent of the old bot's decorators:
 * error boundary → metrics and logging → guild only → permission → rate limit → premium gate → usage.
 */
export type Middleware = (ctx: ChainContext, policy: Policy, next: () => Promise<void>) => Promise<void>;

/** Default limit for commands and components that declare none. */
export const DEFAULT_RATE_LIMIT = { uses: 5, windowMs: 10_000 };
/** After this long without a response, the chain defers so Discord never shows "did not respond". */
export const AUTO_DEFER_MS = 2_000;

class Denied extends UserError {
  constructor(
    message: Msg,
    readonly outcome: Outcome,
  ) {
    super(message, outcome === 'rate_limited' ? 'rate_limit' : 'permission');
  }
}

const errorBoundary: Middleware = async (ctx, policy, next) => {
  const { interaction } = ctx;
  const timer = setTimeout(() => {
    ctx.ack.autoDefer(policy.ephemeral ?? false).catch((err: Error) => ctx.logger.warn({ err: err.message }, 'automatic defer failed'));
  }, AUTO_DEFER_MS);
  try {
    await next();
  } catch (err) {
    // The member's words: an error reply is always ephemeral.
    const { t } = ctx;
    let message: string;
    if (isUserError(err)) {
      message = clip(t.t('error.refused', { text: err.text }), LIMITS.content);
    } else if (isDatabaseUnavailable(err)) {
      // Recording it would wait for the same database: a log line, and words the member can act on.
      ctx.logger.warn({ err: (err as Error).message }, 'database unreachable during an interaction');
      message = t.t('error.databaseUnavailable', { command: ctx.commandName });
    } else {
      const id = await ctx.services.telemetry.record(err, {
        guildId: interaction.guildId,
        userId: interaction.user.id,
        command: ctx.commandName,
      });
      // A refusal from Discord (a missing permission, a deleted channel or message) is named plainly.
      const refused = discordErrorText(err);
      message = refused ? t.t('error.discordRefused', { text: refused, id }) : t.t('error.internal', { command: ctx.commandName, id });
    }
    try {
      await ctx.respond({ content: message, ephemeral: true, embeds: [], components: [], files: [] });
    } catch (replyErr) {
      ctx.logger.warn({ err: (replyErr as Error).message }, 'could not tell the member about a failure');
    }
  } finally {
    clearTimeout(timer);
  }
};

const metricsAndLog: Middleware = async (ctx, _policy, next) => {
  const started = performance.now();
  let outcome: Outcome = 'ok';
  try {
    await next();
  } catch (err) {
    outcome = err instanceof Denied ? err.outcome : isUserError(err) ? 'user_error' : 'error';
    throw err;
  } finally {
    const ms = performance.now() - started;
    ctx.services.metrics.observe(ctx.commandName, outcome, ms / 1000);
    // Every interaction is counted in /metrics (tower_interactions_total, by command and outcome, and the
    // duration histogram): a line per successful one is debug output. Failures keep their info line
    // (errors are also recorded with their id by the error boundary).
    const level = outcome === 'ok' ? 'debug' : 'info';
    if (ctx.services.logger.isLevelEnabled(level)) ctx.logger[level]({ outcome, ms: Math.round(ms * 100) / 100 }, 'interaction handled');
  }
};

const guildOnly: Middleware = async (ctx, _policy, next) => {
  if (!ctx.interaction.inGuild()) throw new UserError(msg('error.guildOnly'));
  await next();
};

const permission: Middleware = async (ctx, policy, next) => {
  const access = policy.access ?? 'everyone';
  if (access !== 'everyone') {
    const config = await ctx.services.guildConfigs.get(ctx.interaction.guildId);
    if (!hasAccess(access, ctx.interaction, config, ctx.services.config.OWNER_IDS)) {
      throw new Denied(ACCESS_DENIED_MESSAGE[access], 'denied');
    }
  }
  await next();
};

const rateLimit: Middleware = async (ctx, policy, next) => {
  if (policy.rateLimit !== false) {
    const rule = policy.rateLimit ?? DEFAULT_RATE_LIMIT;
    const key = `${ctx.interaction.guildId}:${ctx.interaction.user.id}:${ctx.commandName}`;
    const waitMs = ctx.services.rateLimiter.take(key, rule.uses, rule.windowMs);
    if (waitMs > 0) {
      const at = Math.ceil((Date.now() + waitMs) / 1000);
      throw new Denied(msg('error.rateLimited', { command: ctx.commandName, when: `<t:${at}:R>` }), 'rate_limited');
    }
  }
  await next();
};

const premiumGate: Middleware = async (ctx, policy, next) => {
  if (policy.premium) {
    const tier = await ctx.services.guildConfigs.tier(ctx.interaction.guildId);
    if (!tierAtLeast(tier, policy.premium)) {
      throw new UserError(msg('error.premiumNeeded', { needed: TIERS[policy.premium].label, current: TIERS[tier].label }), 'premium');
    }
  }
  await next();
};

const usage: Middleware = async (ctx, _policy, next) => {
  await next();
  if (ctx.interaction.isChatInputCommand()) {
    // Off the reply path: a slow database must not slow the member's reply.
    ctx.services.usage
      .commandUsed(ctx.interaction.guildId, ctx.interaction.user.id)
      .catch((err: Error) => ctx.logger.warn({ err: err.message }, 'could not count command use'));
  }
};

export const MIDDLEWARE: Middleware[] = [errorBoundary, metricsAndLog, guildOnly, permission, rateLimit, premiumGate, usage];

export function runChain(
  ctx: ChainContext,
  policy: Policy,
  handler: () => Promise<void>,
  chain: Middleware[] = MIDDLEWARE,
): Promise<void> {
  const step = (i: number): Promise<void> => (i === chain.length ? handler() : chain[i]!(ctx, policy, () => step(i + 1)));
  return step(0);
}


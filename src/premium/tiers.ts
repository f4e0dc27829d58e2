/**
 * The one table of premium tiers and what each unlocks. Every limit in the bot reads from here.
 *
 * `minPollSeconds`, from `npm run bench -- killpost scale` (README "Polling: delay and cost"): a kill is
 * posted about half an interval after it happens, p99 about one interval: at Enterprise's 2 s, 1.2 s and
 * 2.2 s (the bench's targets 1.5 s and 3 s). An idle poll stats the live CSV on a kept connection, the log
 * and the folders less often (src/ingest/checkSchedule.ts), so 2 s asks a game host for 0.87 SFTP requests
 * a second (target ≤ 1), and 1,000 servers at the Free 30 s cost one process a few % of a core.
 */
import type { PlainKey } from '../i18n/keys.js';
import { msg } from '../i18n/message.js';
import { ENGLISH, type Translator } from '../i18n/translate.js';
import type { Msg } from '../i18n/types.js';

/**
 * `label` is the tier's English name (option choices, the README check, texts not yet moved to the
 * catalog); what members read is `tierName(tier)`, in their language.
 */
export const TIERS = {
  free: { rank: 0, label: 'Free', servers: 1, canvasMaxSize: 32, canvasCooldownSeconds: 60, minPollSeconds: 30, boards: 1, boardIntervalMinutes: 60, links: 2, factionMembers: 10 },
  supporter: { rank: 1, label: 'Supporter', servers: 3, canvasMaxSize: 64, canvasCooldownSeconds: 30, minPollSeconds: 15, boards: 3, boardIntervalMinutes: 30, links: 3, factionMembers: 25 },
  pro: { rank: 2, label: 'Pro', servers: 10, canvasMaxSize: 128, canvasCooldownSeconds: 15, minPollSeconds: 10, boards: 10, boardIntervalMinutes: 15, links: 5, factionMembers: 50 },
  enterprise: { rank: 3, label: 'Enterprise', servers: 25, canvasMaxSize: 256, canvasCooldownSeconds: 5, minPollSeconds: 2, boards: 25, boardIntervalMinutes: 5, links: 10, factionMembers: 100 },
} as const;

export type TierName = keyof typeof TIERS;
export type TierLimits = (typeof TIERS)[TierName];
export const TIER_NAMES = Object.keys(TIERS) as TierName[];

const TIER_KEYS = {
  free: 'economy.tier.free',
  supporter: 'economy.tier.supporter',
  pro: 'economy.tier.pro',
  enterprise: 'economy.tier.enterprise',
} as const satisfies Record<TierName, PlainKey>;

/** A tier's name, put in the reader's words: a parameter of another message (`{tier}`). */
export function tierName(tier: TierName): Msg {
  return msg(TIER_KEYS[tier]);
}

export function tierLimits(tier: TierName): TierLimits {
  return TIERS[tier];
}

/** The tier in force: an expired grant falls back to free. */
export function effectiveTier(premium: { tier: TierName; expiresAt?: Date | null } | undefined, now = new Date()): TierName {
  if (!premium) return 'free';
  if (premium.expiresAt && premium.expiresAt.getTime() <= now.getTime()) return 'free';
  return premium.tier;
}

export function tierAtLeast(tier: TierName, minimum: TierName): boolean {
  return TIERS[tier].rank >= TIERS[minimum].rank;
}

/** What a tier unlocks, one message per limit: what `/premium status` and the downgrade notice list. */
export function tierUnlockTexts(tier: TierName): Msg[] {
  const t = TIERS[tier];
  return [
    msg('economy.tier.servers', { count: t.servers }),
    msg('economy.tier.poll', { seconds: t.minPollSeconds }),
    msg('economy.tier.canvas', { size: String(t.canvasMaxSize) }),
    msg('economy.tier.cooldown', { seconds: t.canvasCooldownSeconds }),
    msg('boards.tier.unlock', { count: t.boards, minutes: t.boardIntervalMinutes }),
    msg('links.tier.unlock', { count: t.links }),
  ];
}

/** tierUnlockTexts in words: pass the reader's translator (English only where no reader is known). */
export function tierUnlocks(tier: TierName, t: Translator = ENGLISH): string[] {
  return tierUnlockTexts(tier).map((m) => t.text(m));
}

/**
 * A guild's tier in force and the downgrade marker (`tierSeen` in its config): the highest tier in force
 * since its admins were last told of a downgrade. A tier in force below `seen` is a downgrade not told yet.
 */
export interface TierStanding {
  tier: TierName;
  seen: TierName;
  /** When the tier in force lapses (null: never, or already free). */
  expiresAt?: Date | null;
}

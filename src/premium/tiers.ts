/**
 * The one table of premium tiers and what each unlocks. Every limit in the bot reads from here.
 */
export const TIERS = {
  free: { rank: 0, label: 'Free', servers: 1, canvasMaxSize: 32, canvasCooldownSeconds: 60, minPollSeconds: 60 },
  supporter: { rank: 1, label: 'Supporter', servers: 3, canvasMaxSize: 64, canvasCooldownSeconds: 30, minPollSeconds: 30 },
  pro: { rank: 2, label: 'Pro', servers: 10, canvasMaxSize: 128, canvasCooldownSeconds: 15, minPollSeconds: 15 },
  enterprise: { rank: 3, label: 'Enterprise', servers: 25, canvasMaxSize: 256, canvasCooldownSeconds: 5, minPollSeconds: 10 },
} as const;

export type TierName = keyof typeof TIERS;
export type TierLimits = (typeof TIERS)[TierName];
export const TIER_NAMES = Object.keys(TIERS) as TierName[];

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

/** What a tier unlocks, one line per limit, in the words `/premium status` and the downgrade notice use. */
export function tierUnlocks(tier: TierName): string[] {
  const t = TIERS[tier];
  return [
    `🖥️ up to **${t.servers}** game server${t.servers === 1 ? '' : 's'}`,
    `⏱️ logs polled as often as every **${t.minPollSeconds} s**`,
    `🎨 canvas up to **${t.canvasMaxSize}×${t.canvasMaxSize}**`,
    `🖌️ one pixel every **${t.canvasCooldownSeconds} s**`,
  ];
}

/**
 * A guild's tier in force and the downgrade marker (`tierSeen` in its config): the highest tier in force
 * since its admins were last told of a downgrade. A tier in force below `seen` is a downgrade not told yet.
 */
export interface TierStanding {
  tier: TierName;
  seen: TierName;
}

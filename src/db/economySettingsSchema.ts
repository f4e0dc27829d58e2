/**
 * The stored shape of a guild's economy settings (`/eco settings`) and the bound of each: the one place the
 * economy's amounts, their ranges and their defaults are stated (src/economy/settings.ts reads them).
 */
import { z } from 'zod';

/** Every setting's range and default: the one place the economy's admin bounds are stated (README lists them). */
export const ECO_BOUNDS = {
  killCredits: { min: 0, max: 1_000, default: 10 },
  pixelCredits: { min: 0, max: 100, default: 1 },
  dailyBase: { min: 0, max: 10_000, default: 100 },
  dailyStreakBonus: { min: 0, max: 1_000, default: 10 },
  bountyMin: { min: 1, max: 1_000_000, default: 50 },
  bountyMax: { min: 1, max: 1_000_000, default: 100_000 },
  factionCost: { min: 0, max: 1_000_000, default: 0 },
  /** Streak at which the house puts a bounty on a player; 0: off. */
  autoBountyStreak: { min: 0, max: 100, default: 0 },
  autoBountyAmount: { min: 1, max: 100_000, default: 250 },
  /** The most one game bet may stake. */
  maxBet: { min: 1, max: 1_000_000, default: 1_000 },
} as const;

export type EcoAmount = keyof typeof ECO_BOUNDS;
export const ECO_AMOUNTS = Object.keys(ECO_BOUNDS) as EcoAmount[];

/** The smallest bet a game takes, whatever the guild set. */
export const MIN_BET = 1;
/** A bounty lasts 1–72 hours, 24 by default. */
export const BOUNTY_HOURS = { min: 1, max: 72, default: 24 } as const;

const amount = (k: EcoAmount) => z.number().int().min(ECO_BOUNDS[k].min).max(ECO_BOUNDS[k].max);

/** What the guild config stores: only the settings an admin changed. */
export const ecoOverridesSchema = z.object({
  ...(Object.fromEntries(ECO_AMOUNTS.map((k) => [k, amount(k).optional()])) as { [K in EcoAmount]: z.ZodOptional<z.ZodNumber> }),
  games: z.boolean().optional(),
});
export type EcoOverrides = z.infer<typeof ecoOverridesSchema>;


/**
 * The default credit amounts (a guild may change them: src/economy/settings.ts; their bounds and defaults:
 * src/db/economySettingsSchema.ts) and the fixed ones, beside the tier table (src/premium/tiers.ts). Every credit the bot
 * pays or charges reads from here.
 */
import { ECO_BOUNDS } from '../db/economySettingsSchema.js';

export const CREDITS = {
  /** A kill by the member's linked player (suicides and deaths without a killer pay nothing). */
  kill: ECO_BOUNDS.killCredits.default,
  /** A pixel placed on the guild canvas. */
  pixel: ECO_BOUNDS.pixelCredits.default,
  daily: {
    base: ECO_BOUNDS.dailyBase.default,
    /** Added per day of an unbroken streak after the first… */
    perStreakDay: ECO_BOUNDS.dailyStreakBonus.default,
    /** …up to this much. */
    maxStreakBonus: 100,
  },
  /** The most one /give may move (a typo guard, not a limit on wealth). */
  maxGive: 1_000_000,
} as const;

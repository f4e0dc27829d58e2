/**
 * The one table of credit amounts (beside the tier table, src/premium/tiers.ts). Every credit the bot
 * pays or charges reads from here.
 */
export const CREDITS = {
  /** A kill by the member's linked player (suicides and deaths without a killer pay nothing). */
  kill: 10,
  /** A pixel placed on the guild canvas. */
  pixel: 1,
  daily: {
    base: 100,
    /** Added per day of an unbroken streak after the first… */
    perStreakDay: 10,
    /** …up to this much. */
    maxStreakBonus: 100,
  },
  /** The most one /give may move (a typo guard, not a limit on wealth). */
  maxGive: 1_000_000,
} as const;

/** What a /daily claim pays on day `streak` of a streak (1 = the first day). */
export function dailyAmount(streak: number): number {
  const bonus = Math.min(CREDITS.daily.maxStreakBonus, Math.max(0, streak - 1) * CREDITS.daily.perStreakDay);
  return CREDITS.daily.base + bonus;
}

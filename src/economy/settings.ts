/**
 * A guild's economy settings (`/eco settings`): the amounts it pays and charges, each within its bound
 * (src/db/economySettingsSchema.ts states them once), and the games and automatic bounties it turned on.
 * Stored on the guild config as `economy` (only what an admin changed); a guild that changed nothing
 * gets the defaults.
 */
import { CREDITS } from './amounts.js';
import { ECO_AMOUNTS, ECO_BOUNDS, type EcoAmount, type EcoOverrides } from '../db/economySettingsSchema.js';

export { BOUNTY_HOURS, ECO_AMOUNTS, ECO_BOUNDS, MIN_BET, ecoOverridesSchema, type EcoAmount, type EcoOverrides } from '../db/economySettingsSchema.js';

export type EcoSettings = { [K in EcoAmount]: number } & { games: boolean };

/** The settings in force: the guild's overrides over the defaults (a stored value out of bounds is clamped). */
export function ecoSettingsOf(overrides: EcoOverrides | null | undefined): EcoSettings {
  const out = { games: overrides?.games ?? false } as EcoSettings;
  for (const k of ECO_AMOUNTS) {
    const v = overrides?.[k];
    const b = ECO_BOUNDS[k];
    out[k] = typeof v === 'number' ? Math.min(b.max, Math.max(b.min, Math.trunc(v))) : b.default;
  }
  if (out.bountyMax < out.bountyMin) out.bountyMax = out.bountyMin;
  return out;
}

/**
 * What a /daily claim pays on day `streak` of a streak in these settings (1 = the first day). A base of 0
 * turns /daily off whatever the bonus: a day that pays nothing enters nothing, so no streak can start.
 */
export function dailyAmountIn(s: Pick<EcoSettings, 'dailyBase' | 'dailyStreakBonus'>, streak: number): number {
  const bonus = Math.min(CREDITS.daily.maxStreakBonus, Math.max(0, streak - 1) * s.dailyStreakBonus);
  return s.dailyBase + bonus;
}

/** Where a guild's economy settings are read from (the guild config repo: its cache keeps this cheap). */
export interface EcoSettingsSource {
  get(guildId: string): Promise<{ economy?: EcoOverrides | null | undefined }>;
}

/** A guild's settings in force, read through its config (what earnings, /daily and the games are given). */
export type EcoSettingsOf = (guildId: string) => Promise<EcoSettings>;

export function ecoSettingsReader(configs: EcoSettingsSource): EcoSettingsOf {
  return async (guildId) => ecoSettingsOf((await configs.get(guildId)).economy);
}

/** The defaults (a guild that changed nothing), for callers given no reader. */
export const defaultEcoSettings: EcoSettingsOf = () => Promise.resolve(ecoSettingsOf(null));

/**
 * The settings an admin changes, merged over what the guild stored, checked as a whole: null when fine,
 * else the pair in the way (only bountyMin above bountyMax can be; each value's range is the option's).
 */
export function mergeOverrides(stored: EcoOverrides | null | undefined, changed: EcoOverrides): { merged: EcoOverrides; clash: null | { bountyMin: number; bountyMax: number } } {
  const merged: EcoOverrides = { ...(stored ?? {}), ...changed };
  const bountyMin = merged.bountyMin ?? ECO_BOUNDS.bountyMin.default;
  const bountyMax = merged.bountyMax ?? ECO_BOUNDS.bountyMax.default;
  return { merged, clash: bountyMin > bountyMax ? { bountyMin, bountyMax } : null };
}

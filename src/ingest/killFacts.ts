/**
 * What a kill means beyond who killed whom, as pure rules: a revenge (the victim killed the killer the
 * last time they met), a streak ended, a long shot, a streak or kill-count milestone, the server's first
 * kill of the day. The working set (statsModel.ts) computes the facts of each kill as the stats stand at
 * that kill; the posts (killPosts.ts) turn facts into labels with these rules.
 */
import type { KillEvent } from '../deadside/index.js';
import { BoundedMap } from '../util/boundedMap.js';
import type { KillFacts } from './killFactsSchema.js';
import { LONGSHOT_METRES } from './killFactsSchema.js';

/** Killers remembered per player for revenge (the newest first); an older one drops off. */
export const LAST_KILLERS_KEEP = 20;
/** A victim's streak at least this long is worth saying it ended. */
export const STREAK_ENDED_MIN = 5;
/** A killer's streak is a milestone at every multiple of this. */
export const STREAK_STEP = 5;
/** Kill counts that are milestones below 1,000; from there every thousand is. */
const KILL_MILESTONES = new Set([100, 500]);

/** A victim's list after `killerId` killed them: the killer first, once, the list bounded. */
export function withKiller(list: readonly string[] | undefined, killerId: string): string[] {
  return [killerId, ...(list ?? []).filter((id) => id !== killerId)].slice(0, LAST_KILLERS_KEEP);
}

/**
 * A killer's list after killing `victimId`: it is a revenge when the victim is on it (the victim killed
 * them the last time they met), and the victim leaves it (this kill is now their last meeting).
 */
export function afterRevenge(list: readonly string[] | undefined, victimId: string): { revenge: boolean; list: string[] } {
  const l = list ?? [];
  return l.includes(victimId) ? { revenge: true, list: l.filter((id) => id !== victimId) } : { revenge: false, list: [...l] };
}

const dayFormats = new BoundedMap<string, Intl.DateTimeFormat>(200);

/** The calendar day of `at` in `timeZone` (`YYYY-MM-DD`, sorts like the days); UTC for an unknown zone. */
export function dayOf(at: Date, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      f = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
    }
    dayFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

export function isStreakMilestone(streak: number): boolean {
  return streak >= STREAK_STEP && streak % STREAK_STEP === 0;
}

export function isKillMilestone(kills: number): boolean {
  return KILL_MILESTONES.has(kills) || (kills > 0 && kills % 1000 === 0);
}

/** One thing a kill means, in the order a post shows them. */
export type KillLabel =
  | { kind: 'revenge' }
  | { kind: 'streakEnded'; count: number }
  | { kind: 'longShot'; distance: number }
  | { kind: 'streak'; count: number }
  | { kind: 'kills'; count: number }
  | { kind: 'firstOfDay' };

/** The labels of a kill with its facts; `longshotMetres` from the batch's settings. */
export function labelsOf(e: KillEvent, f: KillFacts, longshotMetres: number = LONGSHOT_METRES.default): KillLabel[] {
  const out: KillLabel[] = [];
  if (f.revenge) out.push({ kind: 'revenge' });
  if (f.ended >= STREAK_ENDED_MIN) out.push({ kind: 'streakEnded', count: f.ended });
  if (e.kind === 'kill' && !e.roadkill && e.distance >= longshotMetres) out.push({ kind: 'longShot', distance: e.distance });
  if (isStreakMilestone(f.streak)) out.push({ kind: 'streak', count: f.streak });
  if (isKillMilestone(f.kills)) out.push({ kind: 'kills', count: f.kills });
  if (f.firstOfDay) out.push({ kind: 'firstOfDay' });
  return out;
}

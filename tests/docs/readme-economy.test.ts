/**
 * The economy's figures README.md states are the code's: every `/eco settings` row (option, default,
 * range) against ECO_BOUNDS and the command's options, and the bounty and faction bounds.
 */
import { describe, expect, it } from 'vitest';
import { BOUNTY_KEPT_DAYS, BOUNTY_LIMITS } from '../../src/bounties/rules.js';
import { place } from '../../src/commands/bounty/place.js';
import { SETTING_OPTIONS } from '../../src/commands/eco/settings.js';
import { ECO_AMOUNTS, ECO_BOUNDS, BOUNTY_HOURS } from '../../src/economy/settings.js';
import { FACTIONS_MAX } from '../../src/factions/store.js';
import { TIERS } from '../../src/premium/tiers.js';
import { en, section, stated, table } from './readme.js';

/** /bounty place's own rate limit (the code must have one). */
function placeRule(): { uses: number; windowMs: number } {
  if (!place.rateLimit) throw new Error('/bounty place has no rate limit');
  return place.rateLimit;
}

describe('README: economy settings (src/db/economySettingsSchema.ts)', () => {
  it('the settings table is ECO_BOUNDS, option by option', () => {
    const rows = table(section('Economy controls (admins)'), ['setting (`/eco settings` option)', 'default', 'range', 'what it does']);
    const amounts = rows.filter((r) => r[0] !== '`games`').map((r) => [r[0], r[1]!.replace(/ \(off\)$/, ''), r[2]]);
    expect(amounts).toEqual(ECO_AMOUNTS.map((k) => [`\`${SETTING_OPTIONS[k].option}\``, en(ECO_BOUNDS[k].default), `${en(ECO_BOUNDS[k].min)}–${en(ECO_BOUNDS[k].max)}`]));
    expect(rows.find((r) => r[0] === '`games`')?.[1]).toBe('off');
  });

  it('the bounty and faction bounds', () => {
    const bounds = section('Security and limits');
    expect(stated(bounds, /At most (\d+) active bounties per\s*guild and (\d+) per member/), 'BOUNTY_LIMITS').toEqual([String(BOUNTY_LIMITS.perGuild), String(BOUNTY_LIMITS.perPlacer)]);
    expect(stated(bounds, /each (\d+)–(\d+) hours/), 'BOUNTY_HOURS').toEqual([String(BOUNTY_HOURS.min), String(BOUNTY_HOURS.max)]);
    expect(stated(bounds, /at most (\d+) factions per guild/), 'FACTIONS_MAX').toEqual([String(FACTIONS_MAX)]);
    expect(stated(bounds, /\(Free (\d+) … Enterprise (\d+), `factionMembers`/), 'factionMembers').toEqual([String(TIERS.free.factionMembers), String(TIERS.enterprise.factionMembers)]);
    expect(stated(section('Bounties'), /and (\d+) placements per member per hour\. A decided bounty \(claimed, refunded, cancelled, void\) is deleted (\d+) days later/), 'place rate, BOUNTY_KEPT_DAYS').toEqual([String(placeRule().uses), String(BOUNTY_KEPT_DAYS)]);
    expect(placeRule().windowMs).toBe(3_600_000);
    expect(stated(section('Bounties'), /A bounty runs (\d+)–(\d+) hours, (\d+) by default/), 'BOUNTY_HOURS in Bounties').toEqual([String(BOUNTY_HOURS.min), String(BOUNTY_HOURS.max), String(BOUNTY_HOURS.default)]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownWeapons, WEAPON_CATEGORIES, weaponCategory } from '../../src/deadside/weapons.js';
import { SHARED_DIR, sharedFixture } from '../support/fixtures.js';
import { GUNS, OTHER_SELF } from './generate.js';

/** Causes of death that are not weapons (menu suicide, falls, a death with no cause written). */
const CAUSES = new Set(['suicide_by_relocation', 'falling', '']);

describe('weaponCategory', () => {
  it('categorises every weapon of the generator', () => {
    for (const w of [...GUNS, ...OTHER_SELF, 'land_vehicle', 'boat']) expect(weaponCategory(w), w).not.toBe('other');
  });

  it('reads the table as written, ignoring case and surrounding spaces', () => {
    expect(weaponCategory('M99')).toBe('sniper');
    expect(weaponCategory('m99')).toBe('sniper');
    expect(weaponCategory(' mosin-k ')).toBe('sniper');
    expect(weaponCategory('IZH-43')).toBe('shotgun');
    expect(weaponCategory('MR5')).toBe('smg');
    expect(weaponCategory('AK-SU')).toBe('rifle');
    expect(weaponCategory('TTk')).toBe('pistol');
    expect(weaponCategory("WOODCUTTER'S AXE")).toBe('melee');
    expect(weaponCategory('F-10')).toBe('explosive');
    expect(weaponCategory('land_vehicle')).toBe('vehicle');
  });

  it('makes anything else `other`, long or odd texts included', () => {
    expect(weaponCategory('Laser Rifle 3000')).toBe('other');
    expect(weaponCategory('')).toBe('other');
    expect(weaponCategory('m99'.padEnd(10_000, ' '))).toBe('other');
    expect(weaponCategory('__proto__')).toBe('other');
    expect(weaponCategory('toString')).toBe('other');
  });

  it('puts each weapon in one category, and only in the listed ones', () => {
    const names = knownWeapons().map((w) => w.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    for (const w of knownWeapons()) expect(WEAPON_CATEGORIES).toContain(weaponCategory(w));
  });

  const dir = sharedFixture('deadside/killfeed');
  if (dir === null) {
    it.skip(`real fixtures absent: ${SHARED_DIR}/fixtures/deadside/killfeed not found`, () => {});
    return;
  }
  it('categorises every weapon in the real killfeed files', () => {
    const weapons = new Set<string>();
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.csv'))) {
      for (const line of readFileSync(path.join(dir, f), 'utf8').split(/\r?\n/)) {
        const fields = line.split(';');
        if (fields.length >= 7) weapons.add(fields[5]!);
      }
    }
    expect(weapons.size).toBeGreaterThan(20);
    const uncategorised = [...weapons].filter((w) => !CAUSES.has(w) && weaponCategory(w) === 'other');
    expect(uncategorised).toEqual([]);
  });
});

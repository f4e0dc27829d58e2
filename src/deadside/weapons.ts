/**
 * What kind of weapon a killfeed weapon name is: one table for every name seen in real killfeed files
 * (../shared/fixtures/deadside/killfeed) and in the tests' generator. Deadside writes its own spellings of
 * real guns (MR5 is an MP5, UAG an AUG, Fasam a FAMAS): the category follows the real gun. A name not in
 * the table (a weapon added by a game update) is `other` until it is added here.
 */

export const WEAPON_CATEGORIES = ['sniper', 'rifle', 'smg', 'shotgun', 'pistol', 'melee', 'explosive', 'vehicle', 'other'] as const;
export type WeaponCategory = (typeof WEAPON_CATEGORIES)[number];

/** Weapon name as Deadside writes it → category. Lookups ignore case. */
const TABLE: Readonly<Record<WeaponCategory, readonly string[]>> = {
  // Bolt-action and marksman rifles.
  sniper: ['M99', 'Mosin', 'Mosin-K', 'S85', 'VSD', 'NK417'],
  // Assault, battle and light machine guns.
  rifle: ['AK-SU', 'AK-SM', 'AK-mod', 'AR4', 'AR4-M', 'UAG', 'Skar', 'Grom', 'Fasam', 'RPK-mod', 'MG-36'],
  smg: ['BB-19', 'MR5', 'Scorp', 'UMR45', 'PP-3000', 'P900'],
  shotgun: ['IZH-43', 'M133', 'MS590', 'Sawed-Off Shotgun', 'N4'],
  pistol: ['TTk', 'IZH-70', 'C1911', 'F-57', 'Berta M9'],
  melee: ['Folding Knife', 'Combat Knife', "Woodcutter's Axe", 'Fire Axe'],
  // Grenades (F-10 an F-1, R-5 an RGD-5) and dynamite.
  explosive: ['F-10', 'R-5', 'Dynamite'],
  vehicle: ['land_vehicle', 'boat'],
  other: [],
};

/**
 * The longest kill each category plausibly makes, in metres (/flags flags a kill past it). Real files'
 * longest (../shared/fixtures/deadside/killfeed): sniper 197, rifle 133, pistol 107, smg 77, shotgun 47,
 * explosive 24, melee 1, vehicle 1; the bounds leave wide room. `other` (an unknown name) has none.
 */
export const PLAUSIBLE_RANGE_M: Readonly<Record<WeaponCategory, number | null>> = {
  sniper: 1500,
  rifle: 800,
  smg: 250,
  shotgun: 100,
  pistol: 150,
  melee: 10,
  explosive: 300,
  vehicle: 50,
  other: null,
};

/** Longer than any weapon name: such a text is not looked up (nor lower-cased). */
const MAX_NAME = 64;

const BY_NAME: ReadonlyMap<string, WeaponCategory> = new Map(
  (Object.entries(TABLE) as [WeaponCategory, readonly string[]][]).flatMap(([category, names]) => names.map((n) => [n.toLowerCase(), category] as const)),
);

/** The category of a weapon name as logged (case and surrounding spaces ignored); unknown → `other`. */
export function weaponCategory(weapon: string): WeaponCategory {
  if (weapon.length > MAX_NAME) return 'other';
  return BY_NAME.get(weapon.trim().toLowerCase()) ?? 'other';
}

/** Every weapon name of the table, as Deadside writes it (for tests and docs). */
export function knownWeapons(): string[] {
  return Object.values(TABLE).flat();
}

/** The plausible maximum kill distance of a weapon name (PLAUSIBLE_RANGE_M); null: no bound known. */
export function plausibleRange(weapon: string): number | null {
  return PLAUSIBLE_RANGE_M[weaponCategory(weapon)];
}

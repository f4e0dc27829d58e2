/**
 * Human place names for Deadside mission ids (`GA_<Place>_<...>`), as written in Deadside.log lines like
 * `LogSFPS: Mission GA_Airport_mis_01_SFPSACMission switched to READY`.
 */

/** Known place keys (the token after `GA_`, case-insensitive) → display name. */
const PLACE_NAMES: Readonly<Record<string, string>> = {
  airport: 'Airfield',
  airfield: 'Airfield',
  military: 'Military Base',
  lighthouse: 'Lighthouse',
  bochki: 'Bochki',
  settle: 'Settlement',
  sawmill: 'Sawmill',
  bunker: 'Bunker',
  ind: 'Industrial Zone',
  promzone: 'Industrial Zone',
  port: 'Port',
  harbor: 'Harbour',
  farm: 'Farm',
  village: 'Village',
  town: 'Town',
  city: 'City',
};

/** Tokens that describe the mission, not the place: dropped by the prettifier. */
const NOISE = /^(?:mis\d*|mission|sfpsacmission|sfps\w*mission|\d+)$/i;

/**
 * Display name for a mission id. Known places are mapped (GA_Airport → Airfield, GA_Military →
 * Military Base, GA_Settle → Settlement, ...); otherwise the id is prettified: `GA_` stripped,
 * mission/number tokens dropped, camelCase and `_` split into words (GA_OldMine_Mis_2 → Old Mine).
 */
export function missionPlaceName(missionId: string): string {
  const body = missionId.replace(/^GA_/i, '');
  const tokens = body.split('_').filter((t) => t.length > 0);
  const first = tokens[0];
  if (first !== undefined) {
    const known = PLACE_NAMES[first.toLowerCase()];
    if (known !== undefined) return known;
  }
  const words = tokens
    .filter((t) => !NOISE.test(t))
    .flatMap((t) => t.replace(/([a-z])([A-Z])/g, '$1 $2').split(' '))
    .map((w) => (w.length > 0 ? w[0]!.toUpperCase() + w.slice(1) : w));
  const pretty = words.join(' ').trim();
  return pretty.length > 0 ? pretty : missionId;
}

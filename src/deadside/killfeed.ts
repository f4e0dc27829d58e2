/**
 * Parser for one line of a Deadside killfeed CSV (`actual1/deathlogs/world_N/YYYY.MM.DD-HH.MM.SS.csv`).
 *
 * Format (no header, `;` delimited, every line ends with `;`):
 *   7 fields (before April 2025): `timestamp;killer_name;killer_id;victim_name;victim_id;weapon;distance;`
 *   9 fields (from April 2025):   the 7 above plus `killer_platform;victim_platform;`
 *
 * This is the hot path of the killfeed pipeline: the parser scans the line by hand (one `indexOf` per
 * delimiter, char-code checks for timestamps, ids and numbers), allocates no intermediate arrays and
 * uses no regular expression or schema library. This file holds the fast path; the complete parser it
 * falls back to is killfeedSlow.ts, the field scanners killfeedFields.ts, the event types killfeedEvents.ts.
 */
import { classify, type KillEvent, type KillfeedParseResult, type KillfeedPlayer } from './killfeedEvents.js';
import { CR, SEMI, isHexId, knownPlatformAt, platformOf } from './killfeedFields.js';
import { parseKillfeedLineSlow } from './killfeedSlow.js';
import { d2, parseDeadsideTimestamp } from './timestamp.js';

// The public names of the killfeed parser, importable from here as before the split.
export {
  KNOWN_PLATFORMS,
  isVehicleWeapon,
  suicideKindOf,
  type DeathEvent,
  type KillEvent,
  type KillKind,
  type KillfeedParseResult,
  type KillfeedPlayer,
  type KnownPlatform,
  type Platform,
  type PlayerKillEvent,
  type SuicideEvent,
  type SuicideKind,
} from './killfeedEvents.js';
export { parseKillfeedLineSlow } from './killfeedSlow.js';
export { parseDeadsideTimestamp } from './timestamp.js';

// Fast path state: the day part of the previous timestamp (`YYYY.MM.DD-`) and its epoch ms.
let dayKey = '';
let dayMs = NaN;
const DAY_MS = 86_400_000;

/**
 * Fast path for the common shape (no BOM, known platforms): one left-to-right pass, no delimiter search
 * for fixed-width fields (timestamp, ids), the suicide victim id compared instead of re-validated.
 * Returns null for anything unusual; the slow parser then decides (and explains a rejection).
 */
function parseFast(input: string): KillEvent | null {
  let end = input.length;
  if (end > 0 && input.charCodeAt(end - 1) === CR) end--;
  if (end < 30 || input.charCodeAt(19) !== SEMI || input.charCodeAt(end - 1) !== SEMI) return null;

  // Timestamp, YYYY.MM.DD-HH.MM.SS; the day part is usually the same as the previous line's.
  let ms: number;
  if (input.startsWith(dayKey) && dayKey.length === 11) {
    if (input.charCodeAt(13) !== 0x2e || input.charCodeAt(16) !== 0x2e) return null;
    const h = d2(input, 11);
    const mi = d2(input, 14);
    const se = d2(input, 17);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return null;
    ms = dayMs + ((h * 60 + mi) * 60 + se) * 1000;
  } else {
    ms = parseDeadsideTimestamp(input, 0, 19);
    if (Number.isNaN(ms)) return null;
    dayKey = input.slice(0, 11);
    dayMs = ms - (ms % DAY_MS);
  }

  // Killer name and id (both empty: no killer).
  const s1 = input.indexOf(';', 20);
  if (s1 < 0) return null;
  let killer: KillfeedPlayer | null = null;
  let s2: number;
  if (input.charCodeAt(s1 + 1) === SEMI) {
    if (s1 !== 20) return null;
    s2 = s1 + 1;
  } else {
    s2 = s1 + 33;
    if (input.charCodeAt(s2) !== SEMI || !isHexId(input, s1 + 1, s2)) return null;
    killer = { name: input.slice(20, s1), id: input.slice(s1 + 1, s2) };
  }

  // Victim name and id.
  const s3 = input.indexOf(';', s2 + 1);
  if (s3 < 0) return null;
  const s4 = s3 + 33;
  if (input.charCodeAt(s4) !== SEMI) return null;
  const suicide = killer !== null && input.startsWith(killer.id, s3 + 1);
  if (!suicide && !isHexId(input, s3 + 1, s4)) return null;
  const victim: KillfeedPlayer = { name: input.slice(s2 + 1, s3), id: suicide ? killer!.id : input.slice(s3 + 1, s4) };

  // Weapon, distance.
  const s5 = input.indexOf(';', s4 + 1);
  if (s5 < 0) return null;
  const weapon = input.slice(s4 + 1, s5);
  let i = s5 + 1;
  let distance = 0;
  let c = input.charCodeAt(i) - 0x30;
  if (c < 0 || c > 9) return null;
  do {
    distance = distance * 10 + c;
    c = input.charCodeAt(++i) - 0x30;
  } while (c >= 0 && c <= 9);
  if (c === 0x2e - 0x30) {
    c = input.charCodeAt(++i) - 0x30;
    if (c < 0 || c > 9) return null;
    do c = input.charCodeAt(++i) - 0x30;
    while (c >= 0 && c <= 9);
    distance = Number(input.slice(s5 + 1, i));
  } else if (i - s5 > 16) {
    return null; // unusually long integer: let the slow path handle precision
  }
  if (c !== SEMI - 0x30) return null;
  const s6 = i;

  let fieldCount: 7 | 9;
  if (s6 === end - 1) {
    fieldCount = 7;
  } else {
    const kl = knownPlatformAt(input, s6 + 1);
    if (kl < 0) return null;
    const s7 = s6 + 1 + kl;
    const vl = knownPlatformAt(input, s7 + 1);
    if (vl < 0 || s7 + 1 + vl !== end - 1) return null;
    if (kl > 0) {
      if (killer === null) return null;
      killer.platform = platformOf(kl, input, s6 + 1);
    }
    if (vl > 0) victim.platform = platformOf(vl, input, s7 + 1);
    fieldCount = 9;
  }

  return classify(new Date(ms), input.slice(0, 19), killer, victim, weapon, distance, fieldCount, suicide);
}

/**
 * Parse one killfeed line. The line may carry a trailing `\r` (CRLF files) or `\n`, and a UTF-8 BOM
 * (U+FEFF, as decoded from the first line of a file). Never throws.
 */
export function parseKillfeedLine(input: string): KillfeedParseResult {
  const event = parseFast(input);
  return event !== null ? { ok: true, event } : parseKillfeedLineSlow(input);
}

/**
 * Parser for one line of a Deadside killfeed CSV (`actual1/deathlogs/world_N/YYYY.MM.DD-HH.MM.SS.csv`).
 *
 * Format (no header, `;` delimited, every line ends with `;`):
 *   7 fields (before April 2025): `timestamp;killer_name;killer_id;victim_name;victim_id;weapon;distance;`
 *   9 fields (from April 2025):   the 7 above plus `killer_platform;victim_platform;`
 *
 * This is the hot path of the killfeed pipeline: the parser scans the line by hand (one `indexOf` per
 * delimiter, char-code checks for timestamps, ids and numbers), allocates no intermediate arrays and
 * uses no regular expression or schema library.
 */

/** Platforms seen in real files. Other alphanumeric tokens are accepted as-is (future platforms). */
export const KNOWN_PLATFORMS = ['PS5', 'XSX', 'PC'] as const;
export type KnownPlatform = (typeof KNOWN_PLATFORMS)[number];
export type Platform = KnownPlatform | (string & {});

export interface KillfeedPlayer {
  name: string;
  /** EOS id: 32 lowercase hex characters. */
  id: string;
  /** Only present in 9-field rows, and only when the field is not empty. */
  platform?: Platform;
}

export type SuicideKind = 'menu' | 'fall' | 'vehicle' | 'other';
export type KillKind = 'kill' | 'suicide' | 'death';

interface KillEventBase {
  /** Server time (UTC). */
  timestamp: Date;
  /** The timestamp exactly as written, `YYYY.MM.DD-HH.MM.SS`. */
  timestampRaw: string;
  victim: KillfeedPlayer;
  /** Weapon (or cause) as written; empty for some deaths with no killer. */
  weapon: string;
  /** Metres. */
  distance: number;
  /** 7 (pre-April 2025) or 9 (with platforms). */
  fieldCount: 7 | 9;
}

/** Player-versus-player kill. `roadkill` when the weapon is `land_vehicle` or `boat`. */
export interface PlayerKillEvent extends KillEventBase {
  kind: 'kill';
  killer: KillfeedPlayer;
  roadkill: boolean;
}

/** killer id equals victim id. */
export interface SuicideEvent extends KillEventBase {
  kind: 'suicide';
  killer: KillfeedPlayer;
  suicideKind: SuicideKind;
  roadkill: false;
}

/** Empty killer name and id: the victim died with no killer recorded. */
export interface DeathEvent extends KillEventBase {
  kind: 'death';
  killer: null;
  roadkill: false;
}

export type KillEvent = PlayerKillEvent | SuicideEvent | DeathEvent;

export type KillfeedParseResult = { ok: true; event: KillEvent } | { ok: false; reason: string };

const SEMI = 0x3b;
const CR = 0x0d;
const LF = 0x0a;
const BOM = 0xfeff;

/** Classify a suicide by its weapon field. */
export function suicideKindOf(weapon: string): SuicideKind {
  switch (weapon) {
    case 'suicide_by_relocation':
      return 'menu';
    case 'falling':
      return 'fall';
    case 'land_vehicle':
    case 'boat':
      return 'vehicle';
    default:
      return 'other';
  }
}

/** Weapons that mean "hit by a vehicle" when killer and victim differ. */
export function isVehicleWeapon(weapon: string): boolean {
  return weapon === 'land_vehicle' || weapon === 'boat';
}

function fail(reason: string): KillfeedParseResult {
  return { ok: false, reason };
}

/** True when s[from, from+32) is 32 lowercase hex characters and the field is exactly that long. */
function isHexId(s: string, from: number, to: number): boolean {
  if (to - from !== 32) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    // 0-9 or a-f
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** Two ASCII digits at s[i], s[i+1] → number, or -1. */
function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 0x30;
  const b = s.charCodeAt(i + 1) - 0x30;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Parse `YYYY.MM.DD-HH.MM.SS` in s[from, to) to epoch milliseconds (UTC), or NaN when malformed.
 * Exported for reuse by other Deadside file parsers.
 */
export function parseDeadsideTimestamp(s: string, from = 0, to = s.length): number {
  if (to - from !== 19) return NaN;
  const p = from;
  if (
    s.charCodeAt(p + 4) !== 0x2e ||
    s.charCodeAt(p + 7) !== 0x2e ||
    s.charCodeAt(p + 10) !== 0x2d ||
    s.charCodeAt(p + 13) !== 0x2e ||
    s.charCodeAt(p + 16) !== 0x2e
  ) {
    return NaN;
  }
  const y1 = d2(s, p);
  const y2 = d2(s, p + 2);
  const mo = d2(s, p + 5);
  const da = d2(s, p + 8);
  const h = d2(s, p + 11);
  const mi = d2(s, p + 14);
  const se = d2(s, p + 17);
  if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || da < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) {
    return NaN;
  }
  const year = y1 * 100 + y2;
  if (da > (DAYS_IN_MONTH[mo - 1] ?? 0)) return NaN;
  if (mo === 2 && da === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return NaN;
  return Date.UTC(year, mo - 1, da, h, mi, se);
}

/** Parse the distance field s[from, to): digits with an optional single decimal part. NaN when malformed. */
function parseDistance(s: string, from: number, to: number): number {
  if (from >= to) return NaN;
  let n = 0;
  let i = from;
  for (; i < to; i++) {
    const c = s.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  if (i === to) return i - from > 15 ? Number(s.slice(from, to)) : n;
  if (i === from || s.charCodeAt(i) !== 0x2e || i + 1 === to) return NaN;
  for (let j = i + 1; j < to; j++) {
    const c = s.charCodeAt(j) - 0x30;
    if (c < 0 || c > 9) return NaN;
  }
  return Number(s.slice(from, to));
}

/** A platform token: empty (→ undefined), or 1..16 ASCII letters/digits. Returns null when invalid. */
function parsePlatform(s: string, from: number, to: number): Platform | undefined | null {
  const len = to - from;
  if (len === 0) return undefined;
  if (len === 3) {
    const c0 = s.charCodeAt(from);
    if (c0 === 0x50 && s.charCodeAt(from + 1) === 0x53 && s.charCodeAt(from + 2) === 0x35) return 'PS5';
    if (c0 === 0x58 && s.charCodeAt(from + 1) === 0x53 && s.charCodeAt(from + 2) === 0x58) return 'XSX';
  } else if (len === 2 && s.charCodeAt(from) === 0x50 && s.charCodeAt(from + 1) === 0x43) {
    return 'PC';
  }
  if (len > 16) return null;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) return null;
  }
  return s.slice(from, to);
}

// One-entry cache: consecutive rows very often share a timestamp prefix string; cheap to check.
let lastTsRaw = '';
let lastTsMs = NaN;

/** What a row means: no killer → a death; the killer is the victim → a suicide; else a kill. */
function classify(
  timestamp: Date,
  timestampRaw: string,
  killer: KillfeedPlayer | null,
  victim: KillfeedPlayer,
  weapon: string,
  distance: number,
  fieldCount: 7 | 9,
  suicide: boolean,
): KillEvent {
  if (killer === null) return { kind: 'death', timestamp, timestampRaw, killer, victim, weapon, distance, fieldCount, roadkill: false };
  if (suicide) {
    return { kind: 'suicide', timestamp, timestampRaw, killer, victim, weapon, distance, fieldCount, suicideKind: suicideKindOf(weapon), roadkill: false };
  }
  return { kind: 'kill', timestamp, timestampRaw, killer, victim, weapon, distance, fieldCount, roadkill: isVehicleWeapon(weapon) };
}

/**
 * Complete parser: handles every accepted variant (BOM, CR/LF, unknown platform tokens) and produces the
 * reason for a rejected line. parseKillfeedLine() tries the fast path first and falls back to this one.
 * Exported for tests (equivalence with the fast path).
 */
export function parseKillfeedLineSlow(input: string): KillfeedParseResult {
  let start = 0;
  let end = input.length;
  if (end > 0 && input.charCodeAt(0) === BOM) start = 1;
  while (end > start) {
    const c = input.charCodeAt(end - 1);
    if (c === LF || c === CR) end--;
    else break;
  }
  if (end === start) return fail('empty line');
  if (input.charCodeAt(end - 1) !== SEMI) return fail("line does not end with ';' (truncated?)");

  // Delimiter positions; a row has 7 or 9 of them (each field is terminated by ';').
  const s0 = input.indexOf(';', start);
  const s1 = input.indexOf(';', s0 + 1);
  const s2 = s1 < 0 ? -1 : input.indexOf(';', s1 + 1);
  const s3 = s2 < 0 ? -1 : input.indexOf(';', s2 + 1);
  const s4 = s3 < 0 ? -1 : input.indexOf(';', s3 + 1);
  const s5 = s4 < 0 ? -1 : input.indexOf(';', s4 + 1);
  const s6 = s5 < 0 ? -1 : input.indexOf(';', s5 + 1);
  let fieldCount: number;
  let s7 = -1;
  let s8 = -1;
  if (s6 === end - 1) {
    fieldCount = 7;
  } else if (s6 >= 0 && (s7 = input.indexOf(';', s6 + 1)) >= 0 && (s8 = input.indexOf(';', s7 + 1)) === end - 1) {
    fieldCount = 9;
  } else {
    // Rare error path: count the fields for a useful message.
    let n = 0;
    for (let i = start; i < end; i++) if (input.charCodeAt(i) === SEMI) n++;
    return fail(`expected 7 or 9 fields, got ${n}`);
  }

  // Timestamp.
  let ms: number;
  let tsRaw: string;
  if (s0 - start === 19 && input.startsWith(lastTsRaw, start) && lastTsRaw.length === 19) {
    ms = lastTsMs;
    tsRaw = lastTsRaw;
  } else {
    ms = parseDeadsideTimestamp(input, start, s0);
    if (Number.isNaN(ms)) return fail('timestamp is not YYYY.MM.DD-HH.MM.SS');
    tsRaw = input.slice(start, s0);
    lastTsRaw = tsRaw;
    lastTsMs = ms;
  }

  // Victim.
  if (!isHexId(input, s3 + 1, s4)) return fail('victim id is not a 32-char hex id');
  const victimId = input.slice(s3 + 1, s4);
  const victim: KillfeedPlayer = { name: input.slice(s2 + 1, s3), id: victimId };

  const weapon = input.slice(s4 + 1, s5);
  const distance = parseDistance(input, s5 + 1, s6);
  if (Number.isNaN(distance)) return fail('distance is not a number');

  // Killer: both name and id empty → no killer.
  let killer: KillfeedPlayer | null = null;
  if (s2 === s1 + 1) {
    if (s1 !== s0 + 1) return fail('killer name present but killer id is empty');
  } else {
    if (!isHexId(input, s1 + 1, s2)) return fail('killer id is not a 32-char hex id');
    killer = { name: input.slice(s0 + 1, s1), id: input.slice(s1 + 1, s2) };
  }

  if (fieldCount === 9) {
    const kp = parsePlatform(input, s6 + 1, s7);
    if (kp === null) return fail('killer platform is not a platform token');
    const vp = parsePlatform(input, s7 + 1, s8);
    if (vp === null) return fail('victim platform is not a platform token');
    if (vp !== undefined) victim.platform = vp;
    if (kp !== undefined) {
      if (killer === null) return fail('killer platform present but killer is empty');
      killer.platform = kp;
    }
  }

  return { ok: true, event: classify(new Date(ms), tsRaw, killer, victim, weapon, distance, fieldCount as 7 | 9, killer !== null && killer.id === victimId) };
}

// Fast path state: the day part of the previous timestamp (`YYYY.MM.DD-`) and its epoch ms.
let dayKey = '';
let dayMs = NaN;
const DAY_MS = 86_400_000;

/** Length of a known platform token at s[i] followed by `;` (`PS5;`, `XSX;`, `PC;`, or empty `;`), or -1. */
function knownPlatformAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === SEMI) return 0;
  if (c === 0x50 /* P */) {
    const c1 = s.charCodeAt(i + 1);
    if (c1 === 0x43 /* C */ && s.charCodeAt(i + 2) === SEMI) return 2;
    if (c1 === 0x53 /* S */ && s.charCodeAt(i + 2) === 0x35 /* 5 */ && s.charCodeAt(i + 3) === SEMI) return 3;
    return -1;
  }
  if (c === 0x58 /* X */ && s.charCodeAt(i + 1) === 0x53 && s.charCodeAt(i + 2) === 0x58 && s.charCodeAt(i + 3) === SEMI) {
    return 3;
  }
  return -1;
}

function platformOf(len: number, s: string, i: number): KnownPlatform {
  return len === 2 ? 'PC' : s.charCodeAt(i) === 0x50 ? 'PS5' : 'XSX';
}

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

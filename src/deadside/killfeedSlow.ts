/**
 * The killfeed's complete parser (the slow path): every accepted variant, and the reason for a rejected
 * line. Apart from the fast path (killfeed.ts), which tries first and falls back to it.
 */
import { classify, type KillfeedParseResult, type KillfeedPlayer } from './killfeedEvents.js';
import { BOM, CR, LF, SEMI, isHexId, parseDistance, parsePlatform } from './killfeedFields.js';
import { parseDeadsideTimestamp } from './timestamp.js';

function fail(reason: string): KillfeedParseResult {
  return { ok: false, reason };
}

// One-entry cache: consecutive rows very often share a timestamp prefix string; cheap to check.
let lastTsRaw = '';
let lastTsMs = NaN;

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

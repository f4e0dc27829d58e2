/**
 * Deadside's timestamp, `YYYY.MM.DD-HH.MM.SS` (UTC), read by hand: the killfeed's hot path reads one per
 * row. Its own file because both parsers (killfeed.ts, serverLog.ts) read it.
 */

/** Two ASCII digits at s[i], s[i+1] → number, or -1. */
export function d2(s: string, i: number): number {
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

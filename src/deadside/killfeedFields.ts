/**
 * Hand-written scanners for the killfeed's fields (ids, distance, platform tokens): char-code checks, no
 * regular expression, no allocation until a field is taken. Shared by the fast and slow paths.
 */
import type { KnownPlatform, Platform } from './killfeedEvents.js';

export const SEMI = 0x3b;
export const CR = 0x0d;
export const LF = 0x0a;
export const BOM = 0xfeff;

/** True when s[from, from+32) is 32 lowercase hex characters and the field is exactly that long. */
export function isHexId(s: string, from: number, to: number): boolean {
  if (to - from !== 32) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    // 0-9 or a-f
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** Parse the distance field s[from, to): digits with an optional single decimal part. NaN when malformed. */
export function parseDistance(s: string, from: number, to: number): number {
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
export function parsePlatform(s: string, from: number, to: number): Platform | undefined | null {
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

/** Length of a known platform token at s[i] followed by `;` (`PS5;`, `XSX;`, `PC;`, or empty `;`), or -1. */
export function knownPlatformAt(s: string, i: number): number {
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

export function platformOf(len: number, s: string, i: number): KnownPlatform {
  return len === 2 ? 'PC' : s.charCodeAt(i) === 0x50 ? 'PS5' : 'XSX';
}

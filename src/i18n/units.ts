import { msg } from './message.js';
import type { Msg } from './types.js';

const UNITS = ['unit.kilobytes', 'unit.megabytes', 'unit.gigabytes', 'unit.terabytes'] as const;

/** A size in bytes for a reader: `1.5 MB`, `1,5 МБ` (binary multiples, one decimal below 100). */
export function bytes(n: number): Msg {
  if (n < 1024) return msg('unit.bytes', { n });
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return msg(UNITS[i]!, { n: v >= 100 ? Math.round(v) : Math.round(v * 10) / 10 });
}

/**
 * Slots that hold a count limit when writes race, with no transaction and no counter (src/servers/slots.ts
 * for a guild's servers, src/stats/linkSlots.ts for a member's links): a write reads the set of what it
 * counts, refuses at the limit, and writes its document with the slot `<scope>:<hash of that set>` under a
 * unique index. Writes that saw the same set claim the same slot: one wins, the others meet 11000 on that
 * index, read again and are refused at the limit.
 */
import { createHash } from 'node:crypto';
import { isDuplicateKey } from './duplicateKey.js';

/** The slot a write claims in `scope` having seen the documents `ids`. */
export function setSlotOf(scope: string, ids: readonly string[]): string {
  const set = createHash('sha256').update(JSON.stringify([...ids].sort())).digest('base64url').slice(0, 22);
  return `${scope}:${set}`;
}

/** A duplicate key on the slot's own index (not another unique one): real MongoDB names the key, jongodb the index. */
export function isSetSlotConflict(err: unknown, field: string, index: string): boolean {
  if (!isDuplicateKey(err)) return false;
  const e = err as { keyPattern?: Record<string, unknown>; message?: string };
  return e.keyPattern ? field in e.keyPattern : new RegExp(`\\b${index}\\b`).test(e.message ?? '');
}

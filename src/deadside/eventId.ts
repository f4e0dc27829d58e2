/**
 * Deterministic event ids: the same bytes of the same file of the same server always get the same id, so
 * reprocessing after a crash or a replay is idempotent (insert with the id as key, ignore duplicates).
 */
import { createHash } from 'node:crypto';

export interface EventIdInput {
  serverId: string;
  /** File path as read (normalise it the same way every time). */
  file: string;
  /** Byte offset of the start of the line in the file. */
  offset: number;
  /**
   * Optional discriminator for files whose path is reused across sessions (Deadside.log is truncated or
   * replaced at each restart: pass e.g. the serverStart timestamp). Killfeed files need none: their
   * names are per session.
   */
  generation?: string;
}

/** 20 lowercase hex characters (80 bits of SHA-256) over (serverId, file, offset[, generation]). */
export function eventId(input: EventIdInput): string {
  if (!Number.isSafeInteger(input.offset) || input.offset < 0) {
    throw new RangeError(`offset must be a non-negative integer, got ${input.offset}`);
  }
  const h = createHash('sha256');
  // Length-prefixed fields: no separator ambiguity whatever the strings contain.
  for (const part of [input.serverId, input.file, String(input.offset), input.generation ?? '']) {
    h.update(`${part.length}:${part}\n`);
  }
  return h.digest('hex').slice(0, 20);
}

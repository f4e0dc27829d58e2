/**
 * A journaled batch's lines back into events: each line parsed again (the journal holds text, so a
 * replay after a crash parses exactly what the first run did), given its stable event id, and the
 * malformed ones counted and logged once per batch. Apart from the applier, which only writes.
 */
import { eventId, parseKillfeedLine, parseServerLogLine, type KillEvent } from '../deadside/index.js';
import type { Logger } from '../logger.js';
import type { LogEventAt } from './logModel.js';
import type { PendingBatch } from './schemas.js';

/** An empty or whitespace-only line: no event, and not malformed either (skipped silently). */
export function isBlank(text: string): boolean {
  return text.length === 0 || text.trim().length === 0;
}

/** Malformed lines of one batch: counted, logged once (a hostile file holds millions of them). */
class MalformedTally {
  count = 0;
  private first: { line: number; offset: number; reason: string } | null = null;
  private bytes = 0;

  add(l: { n: number; s: number; t: string }, reason: string): void {
    this.count++;
    this.bytes += Buffer.byteLength(l.t);
    this.first ??= { line: l.n, offset: l.s, reason };
  }

  log(logger: Logger, serverId: string, file: string, what: string): void {
    if (!this.count) return;
    const f = this.first!;
    logger.warn({ serverId, file, count: this.count, bytes: this.bytes, firstLine: f.line, firstOffset: f.offset, firstReason: f.reason }, `malformed ${what} lines skipped`);
  }
}

/** Stable event id of a journaled line. */
/** The event id of the batch line starting at byte `start`: its file, generation and offset. */
export function lineEventId(serverId: string, b: Pick<PendingBatch, 'path' | 'generation'>, start: number): string {
  return eventId({ serverId, file: b.path, offset: start, generation: b.generation ? String(b.generation) : undefined });
}

/** The kill events of a killfeed batch, with their event ids, and how many lines were malformed. */
export function killsOf(b: PendingBatch, serverId: string, logger: Logger): { kills: { e: KillEvent; id: string }[]; malformed: number } {
  const kills: { e: KillEvent; id: string }[] = [];
  const bad = new MalformedTally();
  for (const l of b.lines) {
    // Not journaled since blank lines are skipped when read; a batch journaled before may hold some.
    if (isBlank(l.t)) continue;
    const r = parseKillfeedLine(l.t);
    if (!r.ok) {
      bad.add(l, r.reason);
      continue;
    }
    kills.push({ e: r.event, id: lineEventId(serverId, b, l.s) });
  }
  bad.log(logger, serverId, b.path, 'killfeed');
  return { kills, malformed: bad.count };
}

/** The events of a Deadside.log batch (noise lines yield none), and how many lines were malformed. */
export function logEventsOf(b: PendingBatch, serverId: string, logger: Logger): { events: LogEventAt[]; malformed: number } {
  const events: LogEventAt[] = [];
  const bad = new MalformedTally();
  for (const l of b.lines) {
    const r = parseServerLogLine(l.t);
    if (r === null) continue;
    if (!r.ok) {
      bad.add(l, r.reason);
      continue;
    }
    events.push({ event: r.event, eventId: lineEventId(serverId, b, l.s) });
  }
  bad.log(logger, serverId, b.path, 'server log');
  return { events, malformed: bad.count };
}

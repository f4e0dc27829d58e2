/** Play sessions (src/ingest/playtimeSessions.ts through applyLogEvents): a generated Deadside.log against a reference from its lines. */
import { describe, expect, it } from 'vitest';
import { parseServerLogLine } from '../../src/deadside/index.js';
import { applyLogEvents, emptyLogState } from '../../src/ingest/logModel.js';
import { MAX_SESSION_HOURS, sessionSeconds } from '../../src/ingest/playtimeSessions.js';
import type { LogState } from '../../src/ingest/schemas.js';
import { generateLog, hex, opened, reference, stamp } from './support/playtimeLog.js';

function ingest(lines: readonly string[], batch: number): { totals: Map<string, number>; posts: string[]; state: LogState } {
  const events = lines.flatMap((l, i) => {
    const r = parseServerLogLine(l);
    return r && r.ok ? [{ event: r.event, eventId: `e${i}` }] : [];
  });
  let state = emptyLogState();
  const totals = new Map<string, number>();
  const posts: string[] = [];
  for (let i = 0; i < events.length; i += batch) {
    // Saved and read back between batches, as the cursor is.
    const res = applyLogEvents(JSON.parse(JSON.stringify(state)) as LogState, events.slice(i, i + batch));
    state = res.state;
    for (const s of res.sessions) totals.set(s.eosId, (totals.get(s.eosId) ?? 0) + sessionSeconds(s));
    for (const it of res.items) if (it.embed.description?.startsWith('session')) posts.push(it.embed.description);
  }
  return { totals, posts, state };
}

describe('play sessions', () => {
  it('equal a reference computed from the same generated log, in any batch size', () => {
    const lines = generateLog(7, 600);
    expect(lines.filter((l) => l.startsWith('Log file open')).length).toBeGreaterThan(3);
    expect(lines.some((l) => l.includes('CloseBunch'))).toBe(true);
    const want = reference(lines).totals;
    expect([...want.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (const batch of [1, 7, 1000]) expect(ingest(lines, batch).totals).toEqual(want);
  });

  it('closes at a restart at the last event before it, and shows the length on the leave post', () => {
    const t0 = Date.UTC(2025, 4, 15, 10, 0, 0);
    const a = hex(1);
    const b = hex(2);
    const lines = [
      opened(t0),
      `${stamp(t0 + 1000)}LogOnline: Warning: Player |${a} successfully registered!`,
      `${stamp(t0 + 2000)}LogOnline: Warning: Player |${b} successfully registered!`,
      `${stamp(t0 + 3_902_000)}LogOnline: Warning: Player |${a} successfully unregistered from the session.`,
      `${stamp(t0 + 4_000_000)}LogSFPS: AirDrop switched to Dead`,
      opened(t0 + 9_000_000),
    ];
    const { totals, posts, state } = ingest(lines, 2);
    expect(posts).toEqual(['session 1h 05m']);
    expect(totals).toEqual(new Map([[a, 3901], [b, 3998]]));
    expect(state.since).toEqual({});
  });

  it(`counts a session without a leave for days as ${MAX_SESSION_HOURS} hours at most`, () => {
    const t0 = Date.UTC(2025, 4, 15, 10, 0, 0);
    const a = hex(3);
    const lines = [
      opened(t0),
      `${stamp(t0 + 1000)}LogOnline: Warning: Player |${a} successfully registered!`,
      `${stamp(t0 + 1000 + 5 * 86_400_000)}LogOnline: Warning: Player |${a} successfully unregistered from the session.`,
    ];
    expect(ingest(lines, 1).totals).toEqual(new Map([[a, MAX_SESSION_HOURS * 3600]]));
  });
});

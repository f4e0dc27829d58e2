/** A batch's kills as stored events (src/ingest/killEvents.ts): line numbers by event id, the K/D rule's numbers before the batch. */
import { describe, expect, it } from 'vitest';
import { eventId, parseKillfeedLine, type KillEvent } from '../../src/deadside/index.js';
import { killEventDocs } from '../../src/ingest/killEvents.js';
import { playerDocId } from '../../src/ingest/statsModel.js';
import type { StatsDoc } from '../../src/ingest/schemas.js';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const scope = { guildId: 'g', serverId: 's' };
const path = 's/deathlogs/world_0/2025.05.01-00.00.00.csv';

/** Lines of a batch (offsets 100 bytes apart, numbered from 7) and its kills with the ids the applier gives them. */
function batch(texts: string[], generation = 0) {
  const lines = texts.map((t, i) => ({ s: 1000 + i * 100, n: 7 + i, t }));
  const kills = lines.map((l) => {
    const r = parseKillfeedLine(l.t);
    if (!r.ok) throw new Error(r.reason);
    return { e: r.event as KillEvent, id: eventId({ serverId: 's', file: path, offset: l.s, ...(generation ? { generation: String(generation) } : {}) }) };
  });
  return { b: { path, generation, lines }, kills };
}

const two = (n: number) => String(n).padStart(2, '0');
const kill = (sec: number, killer = A, victim = B, weapon = 'AK-SU', distance = 30) => `2025.05.01-10.${two(Math.floor(sec / 60))}.${two(sec % 60)};K;${killer};V;${victim};${weapon};${distance};`;

describe('kill event documents', () => {
  it('carry the line each kill came from and leave suicides out', () => {
    for (const generation of [0, 3]) {
      const { b, kills } = batch([kill(0), kill(1, A, A, 'suicide_by_relocation', 0), kill(2, A, B, 'Combat Knife', 900)], generation);
      const docs = killEventDocs(scope, b, kills, { doc: () => undefined });
      expect(docs.map((d) => [d.line, d.weapon, d.flags, d.maxRange])).toEqual([
        [7, 'AK-SU', [], 800],
        [9, 'Combat Knife', ['range'], 10],
      ]);
    }
  });

  it('flag a K/D jump from the numbers before the batch (its document minus the batch) on the last kill', () => {
    const { b, kills } = batch(Array.from({ length: 101 }, (_, i) => kill(i)));
    const after = (k: number, d: number) => ({ doc: (id: string) => (id === playerDocId('s', A) ? ({ type: 'player', kills: k, deaths: d } as StatsDoc) : undefined) });
    // Before: 10 kills, 10 deaths (20 fights, K/D 1); after: 111 kills, 10 deaths (K/D 11.1).
    const jumped = killEventDocs(scope, b, kills, after(111, 10)).filter((d) => d.flags.includes('kd'));
    expect(jumped.map((d) => d.line)).toEqual([7 + 100]);
    // Before: 9 kills, 10 deaths (19 fights): too few to judge.
    expect(killEventDocs(scope, b, kills, after(110, 10)).some((d) => d.flags.includes('kd'))).toBe(false);
    // No document (a replay that cannot see it): no K/D flag.
    expect(killEventDocs(scope, b, kills, { doc: () => undefined }).some((d) => d.flags.includes('kd'))).toBe(false);
  });
});

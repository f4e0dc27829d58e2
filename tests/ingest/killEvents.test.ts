/** A batch's kills as stored events (src/ingest/killEvents.ts): line numbers by event id, the K/D rule's numbers (day start, before and after the batch). */
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
      const docs = killEventDocs(scope, b, kills, { after: { doc: () => undefined } });
      expect(docs.map((d) => [d.line, d.weapon, d.flags, d.maxRange])).toEqual([
        [7, 'AK-SU', [], 800],
        [9, 'Combat Knife', ['range'], 10],
      ]);
    }
  });

  it('flag a K/D jump from the day’s start (its document minus the day window) once, when the batch passes the bar, on the last kill', () => {
    const after = (k: number, d: number) => ({ doc: (id: string) => (id === playerDocId('s', A) ? ({ type: 'player', kills: k, deaths: d } as StatsDoc) : undefined) });
    const day = (k: number, d = 0) => new Map([[A, { kills: k, deaths: d }]]);
    const kd = (docs: ReturnType<typeof killEventDocs>) => docs.filter((d) => d.flags.includes('kd')).map((d) => d.line);
    // A whole day in one batch: 10 kills and 10 deaths at its start (K/D 1), 111 and 10 after (K/D 11.1).
    const whole = batch(Array.from({ length: 101 }, (_, i) => kill(i)));
    expect(kd(killEventDocs(scope, whole.b, whole.kills, { after: after(111, 10), day: day(101) }))).toEqual([7 + 100]);
    // The same day read two kills a poll: the poll taking the K/D from 10 to 10.2 is flagged (before it: 100/10) …
    const poll = batch([kill(0), kill(1)]);
    expect(kd(killEventDocs(scope, poll.b, poll.kills, { after: after(102, 10), day: day(92) }))).toEqual([8]);
    // … the next one (already past the bar) is not, nor one before it.
    expect(kd(killEventDocs(scope, poll.b, poll.kills, { after: after(104, 10), day: day(94) }))).toEqual([]);
    expect(kd(killEventDocs(scope, poll.b, poll.kills, { after: after(100, 10), day: day(90) }))).toEqual([]);
    // At the day's start 9 kills and 10 deaths (19 fights): too few to judge; or 20 and 10: already K/D 2.
    expect(kd(killEventDocs(scope, poll.b, poll.kills, { after: after(101, 10), day: day(92) }))).toEqual([]);
    expect(kd(killEventDocs(scope, poll.b, poll.kills, { after: after(102, 10), day: day(82) }))).toEqual([]);
    // No document (a player not counted): no K/D flag.
    expect(kd(killEventDocs(scope, poll.b, poll.kills, { after: { doc: () => undefined }, day: day(92) }))).toEqual([]);
    // No day window (a backfill of a day past the windows' retention): the numbers before the batch stand in.
    expect(kd(killEventDocs(scope, poll.b, poll.kills, { after: after(102, 10) }))).toEqual([]);
    expect(kd(killEventDocs(scope, whole.b, whole.kills, { after: after(111, 10) }))).toEqual([7 + 100]);
  });
});

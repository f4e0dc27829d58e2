/** Stats arithmetic (src/ingest/statsModel.ts): totals equal an independent count, replay guards, nemesis and prey, bounded count arrays. */
import { BSON } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { parseKillfeedLine, type KillEvent } from '../../src/deadside/index.js';
import { COUNTS_KEEP, StatsWorkingSet, playerDocId, serverDocId, weaponDocId, topCount, touchedDocIds } from '../../src/ingest/statsModel.js';
import type { PlayerStats, ServerStats, StatsDoc, WeaponStats } from '../../src/ingest/schemas.js';
import { generateKillfeed } from '../deadside/generate.js';
import { expectedStats, killEvents } from './helpers.js';

const scope = { guildId: 'g', serverId: 's' };

function applyAll(docs: Map<string, StatsDoc>, seq: number, evs: KillEvent[]): void {
  const ws = new StatsWorkingSet(scope, seq, [...docs.values()]);
  for (const e of evs) ws.applyKill(e);
  for (const { doc } of ws.writes()) docs.set(doc._id, doc);
}

describe('StatsWorkingSet', () => {
  it('computes the same totals as an independent loop, across batches', () => {
    const gen = generateKillfeed(300, 5);
    const evs = killEvents(300, 5);
    const docs = new Map<string, StatsDoc>();
    for (let i = 0; i < 3; i++) applyAll(docs, i + 1, evs.slice(i * 100, (i + 1) * 100));
    const exp = expectedStats(gen.rows);
    for (const [id, e] of exp.players) {
      const d = docs.get(playerDocId('s', id)) as PlayerStats;
      expect({ k: d.kills, d: d.deaths, o: d.otherDeaths, s: d.suicides, b: d.bestStreak, c: d.streak }).toEqual({
        k: e.kills,
        d: e.deaths,
        o: e.otherDeaths,
        s: e.suicides,
        b: e.bestStreak,
        c: e.streak,
      });
      if (e.kills) expect(d.longestKill?.distance).toBe(e.longest);
      expect(d.suicidesTotal).toBe(Object.values(e.suicides).reduce((a, b) => a + b, 0));
    }
    for (const [w, n] of exp.weapons) expect(docs.get(weaponDocId('s', w))?.type === 'weapon' && (docs.get(weaponDocId('s', w)) as { kills: number }).kills).toBe(n);
    expect((docs.get(serverDocId('s')) as ServerStats).kills).toBe(exp.kills);
  });

  it('skips documents already at the batch seq (a replay after a partial write) and applies the rest', () => {
    const evs = killEvents(50, 9);
    const full = new Map<string, StatsDoc>();
    applyAll(full, 1, evs);
    // A crash after some of batch 1's documents were written: replaying batch 1 fixes the others only.
    const partial = new Map<string, StatsDoc>();
    const ids = [...full.keys()];
    for (const id of ids.slice(0, Math.floor(ids.length / 2))) partial.set(id, structuredClone(full.get(id)!));
    applyAll(partial, 1, evs);
    expect(Object.fromEntries(partial)).toEqual(Object.fromEntries(full));
    // And replaying it again changes nothing.
    const ws = new StatsWorkingSet(scope, 1, [...full.values()]);
    for (const e of evs) ws.applyKill(e);
    expect(ws.writes()).toEqual([]);
  });

  it('tracks nemesis and prey counts', () => {
    const k = 'a'.repeat(32);
    const v = 'b'.repeat(32);
    const line = (d: string) => `2025.05.01-00.0${d}.00;Killer;${k};Victim;${v};M99;120;`;
    const evs = ['1', '2', '3'].map((d) => {
      const r = parseKillfeedLine(line(d));
      if (!r.ok) throw new Error(r.reason);
      return r.event;
    });
    const docs = new Map<string, StatsDoc>();
    applyAll(docs, 1, evs);
    expect(topCount((docs.get(playerDocId('s', k)) as PlayerStats).victims)).toEqual({ id: v, n: 3 });
    expect(topCount((docs.get(playerDocId('s', v)) as PlayerStats).killers)).toEqual({ id: k, n: 3 });
    expect((docs.get(playerDocId('s', k)) as PlayerStats).kdr).toBe(3);
  });
});

describe('StatsWorkingSet: bounded count arrays', () => {
  const hex = (n: number) => n.toString(16).padStart(32, '0');
  const t = new Date('2025-05-15T00:00:00Z');

  const kill = (killer: string, victim: string, weapon: string, at = t): KillEvent => {
    const r = parseKillfeedLine(`2025.05.15-00.00.00;K${killer.slice(-4)};${killer};V${victim.slice(-4)};${victim};${weapon};10;`);
    if (!r.ok) throw new Error(r.reason);
    return { ...r.event, timestamp: at };
  };

  it('caps count arrays to the top entries plus an exact "others" total, across batches and replays', () => {
    const scope = { guildId: 'g', serverId: 's' };
    const docs = new Map<string, StatsDoc>();
    const K = hex(1);
    const PREY = hex(2);
    let seq = 0;
    const batch = (evs: KillEvent[]) => {
      seq++;
      const read = touchedDocIds('s', evs).flatMap((id) => (docs.has(id) ? [structuredClone(docs.get(id)!)] : []));
      const ws = new StatsWorkingSet(scope, seq, read);
      for (const e of evs) ws.applyKill(e);
      for (const { doc } of ws.writes()) docs.set(doc._id, doc);
    };
    batch(Array.from({ length: 50 }, () => kill(K, PREY, 'AK')));
    // 20 batches of 1,000 kills, each of a new victim, and each victim's killer new for the weapon too.
    for (let b = 0; b < 20; b++) batch(Array.from({ length: 1000 }, (_, i) => kill(i % 2 ? K : hex(5e6 + b * 1000 + i), hex(1e6 + b * 1000 + i), 'AK')));
    const k = docs.get(playerDocId('s', K)) as PlayerStats;
    expect(k.kills).toBe(50 + 10_000);
    expect(k.victims.length).toBeLessThanOrEqual(COUNTS_KEEP);
    expect(k.victims.reduce((n, c) => n + c.n, 0) + (k.others?.victims ?? 0)).toBe(k.kills);
    expect(k.weapons.reduce((n, c) => n + c.n, 0) + (k.others?.weapons ?? 0)).toBe(k.kills);
    expect(topCount(k.victims)).toEqual({ id: PREY, n: 50 }); // the prey shown is still exact
    expect(k.kdr).toBe(10_050);
    const w = docs.get(weaponDocId('s', 'AK')) as WeaponStats;
    expect(w.users.length).toBeLessThanOrEqual(COUNTS_KEEP);
    expect(w.users.reduce((n, c) => n + c.n, 0) + (w.others?.users ?? 0)).toBe(w.kills);
    expect(topCount(w.users)?.id).toBe(K);
    expect(BSON.calculateObjectSize(k)).toBeLessThan(64 * 1024);
    // A replay of the last batch (documents already at its seq) changes nothing.
    const before = structuredClone(k);
    const ws = new StatsWorkingSet(scope, seq, [structuredClone(k)]);
    ws.applyKill(kill(K, hex(9e6), 'AK'));
    expect(ws.writes().filter((x) => x.doc._id === k._id)).toEqual([]);
    expect(docs.get(k._id)).toEqual(before);
  });
});

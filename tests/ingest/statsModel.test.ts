/** Stats arithmetic (src/ingest/statsModel.ts): totals equal an independent count, replay guards, nemesis and prey, bounded count arrays, exact duels. */
import { BSON } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { parseKillfeedLine, type KillEvent } from '../../src/deadside/index.js';
import { COUNTS_KEEP, StatsWorkingSet, duelDocId, playerDocId, serverDocId, weaponDocId, topCount, touchedDocIds } from '../../src/ingest/statsModel.js';
import type { DuelStats } from '../../src/ingest/duelSchema.js';
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

describe('StatsWorkingSet: duel documents', () => {
  const hex = (n: number) => n.toString(16).padStart(32, '0');
  const kill = (killer: string, victim: string): KillEvent => {
    const r = parseKillfeedLine(`2025.05.15-00.00.00;K${killer.slice(-4)};${killer};V${victim.slice(-4)};${victim};AK;10;`);
    if (!r.ok) throw new Error(r.reason);
    return r.event;
  };
  /** Kills per (killer, victim) pair, counted independently of the model. */
  const reference = (evs: readonly KillEvent[]) => {
    const out = new Map<string, number>();
    for (const e of evs) if (e.kind === 'kill') out.set(duelDocId('s', e.killer.id, e.victim.id), (out.get(duelDocId('s', e.killer.id, e.victim.id)) ?? 0) + 1);
    return out;
  };
  const duels = (docs: Map<string, StatsDoc>) => new Map([...docs.values()].filter((d): d is DuelStats => d.type === 'duel').map((d) => [d._id, d.n]));

  it('counts every pair exactly, each direction apart, across batches (generated kills)', () => {
    const evs = killEvents(600, 13);
    const docs = new Map<string, StatsDoc>();
    for (let i = 0; i < 6; i++) applyAll(docs, i + 1, evs.slice(i * 100, (i + 1) * 100));
    const want = reference(evs);
    expect(want.size).toBeGreaterThan(50);
    expect(duels(docs)).toEqual(want);
    const d = [...docs.values()].find((x): x is DuelStats => x.type === 'duel')!;
    expect(d).toMatchObject({ guildId: 'g', serverId: 's', _id: duelDocId('s', d.killerId, d.victimId) });
    // Suicides and deaths without a killer make no pair: the reference counts kills only, and so do the documents.
    expect(evs.some((e) => e.kind !== 'kill')).toBe(true);
    expect([...duels(docs).values()].reduce((a, n) => a + n, 0)).toBe(evs.filter((e) => e.kind === 'kill').length);
  });

  it('reads and writes the pair documents a batch touches (touchedDocIds names them)', () => {
    const evs = [kill(hex(1), hex(2)), kill(hex(2), hex(1)), kill(hex(1), hex(2))];
    expect(touchedDocIds('s', evs)).toEqual(expect.arrayContaining([duelDocId('s', hex(1), hex(2)), duelDocId('s', hex(2), hex(1))]));
    const docs = new Map<string, StatsDoc>();
    applyAll(docs, 1, evs);
    expect((docs.get(duelDocId('s', hex(1), hex(2))) as DuelStats).n).toBe(2);
    expect((docs.get(duelDocId('s', hex(2), hex(1))) as DuelStats).n).toBe(1);
  });

  it('keeps a pair exact past the count arrays’ cap, where the victims array has lost it', () => {
    const K = hex(1);
    const V = hex(2);
    const docs = new Map<string, StatsDoc>();
    applyAll(docs, 1, [kill(K, V)]);
    // K then kills COUNTS_KEEP + 50 others twice each: V (1 kill) falls out of K's victims.
    const others = Array.from({ length: COUNTS_KEEP + 50 }, (_, i) => hex(1000 + i));
    applyAll(docs, 2, [...others, ...others].map((o) => kill(K, o)));
    applyAll(docs, 3, [kill(K, V)]);
    const k = docs.get(playerDocId('s', K)) as PlayerStats;
    expect(k.victims.find((c) => c.id === V)?.n ?? 0).toBeLessThan(2);
    expect((docs.get(duelDocId('s', K, V)) as DuelStats).n).toBe(2);
  });

  it('counts a replayed batch once, also after a crash that wrote only some of its documents', () => {
    const evs = killEvents(120, 17);
    const once = new Map<string, StatsDoc>();
    applyAll(once, 1, evs.slice(0, 60));
    applyAll(once, 2, evs.slice(60));
    // The same two batches, the second one crashing after half of its documents were written, then replayed twice.
    const replayed = new Map<string, StatsDoc>();
    applyAll(replayed, 1, evs.slice(0, 60));
    const ws = new StatsWorkingSet(scope, 2, [...replayed.values()].map((d) => structuredClone(d)));
    for (const e of evs.slice(60)) ws.applyKill(e);
    const written = ws.writes();
    for (const { doc } of written.filter((_, i) => i % 2 === 0)) replayed.set(doc._id, doc);
    applyAll(replayed, 2, evs.slice(60));
    applyAll(replayed, 2, evs.slice(60));
    expect(duels(replayed)).toEqual(reference(evs));
    expect(duels(replayed)).toEqual(duels(once));
    expect(Object.fromEntries(replayed)).toEqual(Object.fromEntries(once));
  });
});

/** Pure parts: stats arithmetic and replay guards, feed grouping and nonces, log model, file plans. */
import { describe, expect, it } from 'vitest';
import { parseKillfeedLine, type KillEvent } from '../../src/deadside/index.js';
import { StatsWorkingSet, playerDocId, serverDocId, weaponDocId, topCount } from '../../src/ingest/statsModel.js';
import { groupItems, nonceFor, outboxId, killEmbed, type FeedItem } from '../../src/ingest/feedMessages.js';
import { applyLogEvents, emptyLogState, playerCountName } from '../../src/ingest/logModel.js';
import { headOf, newFileCursor, planFile } from '../../src/ingest/remoteReader.js';
import { parseServerLogLine } from '../../src/deadside/index.js';
import type { PlayerStats, ServerStats, StatsDoc } from '../../src/ingest/schemas.js';
import { generateKillfeed } from '../deadside/generate.js';
import { expectedStats } from './helpers.js';

const scope = { guildId: 'g', serverId: 's' };
const events = (n: number, seed: number): KillEvent[] =>
  generateKillfeed(n, seed).rows.map((r) => {
    const p = parseKillfeedLine(r.line);
    if (!p.ok) throw new Error(p.reason);
    return p.event;
  });

function applyAll(docs: Map<string, StatsDoc>, seq: number, evs: KillEvent[]): void {
  const ws = new StatsWorkingSet(scope, seq, [...docs.values()]);
  for (const e of evs) ws.applyKill(e);
  for (const { doc } of ws.writes()) docs.set(doc._id, doc);
}

describe('StatsWorkingSet', () => {
  it('computes the same totals as an independent loop, across batches', () => {
    const gen = generateKillfeed(300, 5);
    const evs = events(300, 5);
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
    const evs = events(50, 9);
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

describe('feed messages', () => {
  it('groups the items of each kind (each channel) by at most 10, in their order, whatever lies between them', () => {
    const it = (kind: FeedItem['kind'], i: number): FeedItem => ({ kind, eventId: String(i), embed: { title: String(i) } });
    const items = [...Array.from({ length: 23 }, (_, i) => it('killfeed', i)), it('events', 99), it('killfeed', 100), it('connections', 7), it('events', 98)];
    const groups = groupItems(items);
    expect(groups.map((g) => `${g[0]!.kind}:${g.length}`)).toEqual(['killfeed:10', 'killfeed:10', 'killfeed:4', 'events:2', 'connections:1']);
    expect(groups[2]!.map((x) => x.eventId)).toEqual(['20', '21', '22', '100']);
    expect(groups[3]!.map((x) => x.eventId)).toEqual(['99', '98']);
  });

  it('derives a stable nonce of at most 25 characters from the outbox id', () => {
    const id = outboxId('killfeed', '0123456789abcdef0123');
    expect(nonceFor(id)).toHaveLength(25);
    expect(nonceFor(id)).toBe(nonceFor(outboxId('killfeed', '0123456789abcdef0123')));
    expect(nonceFor(id)).not.toBe(nonceFor(outboxId('events', '0123456789abcdef0123')));
  });

  it('describes kills, roadkills and suicides', () => {
    const [kill] = events(1, 1);
    expect(killEmbed(kill!).title).toBeTruthy();
    const r = parseKillfeedLine(`2025.05.01-00.00.00;A;${'a'.repeat(32)};A;${'a'.repeat(32)};falling;0;`);
    expect(r.ok && killEmbed(r.event).title).toBe('A fell to their death');
  });
});

describe('log model', () => {
  const ev = (line: string) => {
    const r = parseServerLogLine(line);
    if (!r || !r.ok) throw new Error(`not an event: ${line}`);
    return r.event;
  };
  const id1 = '1'.repeat(32);
  it('counts players, names connections, announces events, and forgets names of players who left', () => {
    const lines = [
      'Log file open, 05/15/25 00:00:00',
      'LogInit: Command Line:  -log -playersmaxcount=60 -serverid=7020',
      `[2025.05.15-00.00.20:325][681]LogNet: Join request: /Game/Maps/world_1/World_1?Name=Zoë&eosid=|${id1}`,
      `[2025.05.15-00.02.03:561][1612]LogOnline: Warning: Player |${id1} successfully registered!`,
      '[2025.05.15-00.02.08:028][2012]LogSFPS: Mission GA_Airport_02_Mis1 switched to READY',
    ];
    const r1 = applyLogEvents(emptyLogState(), lines.map((l, i) => ({ event: ev(l), eventId: `e${i}` })));
    expect(r1.snapshot).toEqual({ online: 1, queued: 0, max: 60 });
    expect(r1.items.map((i) => [i.kind, i.embed.title])).toEqual([
      ['events', 'Server restarted'],
      ['connections', 'Zoë joined'],
      ['events', 'Mission ready: Airfield'],
    ]);
    expect(r1.state.names).toEqual({ [id1]: 'Zoë' });
    const r2 = applyLogEvents(r1.state, [{ event: ev(`[2025.05.15-00.04.38:233][4291]LogOnline: Warning: Player |${id1} successfully unregistered from the session.`), eventId: 'x' }]);
    expect(r2.items.map((i) => i.embed.title)).toEqual(['Zoë left']);
    expect(r2.state.names).toEqual({});
    expect(playerCountName({ online: 23, queued: 2, max: 60 })).toBe('🟢 23/60 (2 queued)');
    expect(playerCountName({ online: 0, queued: 0, max: null })).toBe('🟢 0/?');
  });
});

describe('file plans', () => {
  const fc = { ...newFileCursor('a.csv', 'killfeed'), offset: 100, line: 3, size: 100, mtimeMs: 5 };
  it('skips an unchanged file, reads a grown one, restarts a shrunk one with a new generation', () => {
    expect(planFile(fc, { size: 100, mtimeMs: 5 }, false)).toEqual({ action: 'skip' });
    expect(planFile(fc, { size: 150, mtimeMs: 6 }, false)).toMatchObject({ action: 'read', rotated: false });
    const p = planFile(fc, { size: 40, mtimeMs: 7 }, false);
    expect(p).toMatchObject({ action: 'read', rotated: true, cursor: { offset: 0, line: 0, generation: 1 } });
  });
  it('reads a complete older file once more when bytes are left after the last newline', () => {
    expect(planFile({ ...fc, size: 120 }, { size: 120, mtimeMs: 5 }, true)).toMatchObject({ action: 'read' });
  });
  it('takes the first line as the identity of a file', () => {
    expect(headOf(Buffer.from('Log file open, 05/15/25 00:00:00\nmore'))).toBe('Log file open, 05/15/25 00:00:00');
    expect(headOf(Buffer.from('partial'))).toBeNull();
  });
});

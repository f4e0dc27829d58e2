/** The Deadside.log model (src/ingest/logModel.ts): players, connections, announcements, and a saved state that stays bounded. */
import { BSON } from 'mongodb';
import { describe, expect, it, vi } from 'vitest';
import { MAX_TRACKED_PLAYERS, parseServerLogLine, PlayerCounter, type ServerLogEvent } from '../../src/deadside/index.js';
import { applyLogEvents, emptyLogState, NAME_KEEP, playerCountName } from '../../src/ingest/logModel.js';

const MiB = 1024 * 1024;

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

describe('log model: bounded saved state', () => {
  const hex = (n: number) => n.toString(16).padStart(32, '0');
  const t = new Date('2025-05-15T00:00:00Z');
  const queued = (id: string, name: string): ServerLogEvent => ({ type: 'queued', timestamp: t, frame: 1, eosId: id, name, world: 1 });
  const joined = (id: string): ServerLogEvent => ({ type: 'joined', timestamp: t, frame: 1, eosId: id });

  it('looks players up without copying the online set per event', () => {
    let state = emptyLogState();
    const ids = Array.from({ length: 5000 }, (_, i) => hex(i));
    state = applyLogEvents(state, ids.flatMap((id, i) => [{ event: queued(id, `p${i}`), eventId: `q${i}` }, { event: joined(id), eventId: `j${i}` }])).state;
    const copies = vi.spyOn(PlayerCounter.prototype, 'onlineIds');
    const queuedCopies = vi.spyOn(PlayerCounter.prototype, 'queuedIds');
    try {
      const left = (id: string): ServerLogEvent => ({ type: 'left', timestamp: t, frame: 1, eosId: id });
      const res = applyLogEvents(state, ids.slice(0, 1000).map((id, i) => ({ event: left(id), eventId: `l${i}` })));
      expect(res.items.filter((x) => x.kind === 'connections')).toHaveLength(1000);
      expect(res.snapshot.online).toBe(4000);
      expect(Object.keys(res.state.names)).toHaveLength(4000);
      expect(copies).not.toHaveBeenCalled();
      expect(queuedCopies).not.toHaveBeenCalled();
    } finally {
      copies.mockRestore();
      queuedCopies.mockRestore();
    }
  });

  it('keeps the log state far below 16 MB under a flood of fake registrations with long names', () => {
    const name = '名'.repeat(300); // 3 UTF-8 bytes each
    const events = [];
    for (let i = 0; i < 60_000; i++) {
      events.push({ event: queued(hex(i), name), eventId: `q${i}` });
      if (i < 45_000) events.push({ event: joined(hex(i)), eventId: `j${i}` });
    }
    const res = applyLogEvents(emptyLogState(), events);
    expect(res.snapshot).toMatchObject({ online: MAX_TRACKED_PLAYERS, queued: MAX_TRACKED_PLAYERS });
    expect(res.dropped).toBe(35_000 + 5_000);
    expect(Object.keys(res.state.names)).toHaveLength(2 * MAX_TRACKED_PLAYERS);
    expect(Math.max(...Object.values(res.state.names).map((n) => n.length))).toBe(NAME_KEEP);
    // Room left under 16 MB for the journaled batch (≤ 1 MiB of lines) and the file cursors.
    expect(BSON.calculateObjectSize({ log: res.state })).toBeLessThan(10 * MiB); // 8.9 MiB measured
  });
});

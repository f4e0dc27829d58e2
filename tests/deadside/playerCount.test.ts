import { describe, expect, it } from 'vitest';
import { MAX_TRACKED_PLAYERS, PlayerCounter, emptyPlayerCountState, isPlayerCountState } from '../../src/deadside/playerCount.js';
import type { ServerLogEvent } from '../../src/deadside/serverLog.js';

const t = new Date('2025-05-15T00:00:00Z');
const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const C = 'c'.repeat(32);
const start = (): ServerLogEvent => ({ type: 'serverStart', timestamp: t, frame: null });
const max = (n: number): ServerLogEvent => ({ type: 'maxPlayers', max: n, timestamp: null, frame: null });
const queued = (id: string): ServerLogEvent => ({ type: 'queued', timestamp: t, frame: 1, eosId: id, name: id.slice(0, 3), world: 1 });
const joined = (id: string): ServerLogEvent => ({ type: 'joined', timestamp: t, frame: 1, eosId: id });
const left = (id: string): ServerLogEvent => ({ type: 'left', timestamp: t, frame: 1, eosId: id });
const closed = (id: string): ServerLogEvent => ({ type: 'connectionClosed', timestamp: t, frame: 1, eosId: id });

describe('PlayerCounter', () => {
  it('starts empty', () => {
    expect(new PlayerCounter().snapshot()).toEqual({ online: 0, queued: 0, max: null });
  });

  it('queue → join → leave', () => {
    const pc = new PlayerCounter();
    pc.apply(start());
    pc.apply(max(60));
    pc.apply(queued(A));
    expect(pc.snapshot()).toEqual({ online: 0, queued: 1, max: 60 });
    pc.apply(joined(A));
    expect(pc.snapshot()).toEqual({ online: 1, queued: 0, max: 60 });
    pc.apply(left(A));
    pc.apply(closed(A));
    expect(pc.snapshot()).toEqual({ online: 0, queued: 0, max: 60 });
  });

  it('queue → closed (dropped from the queue)', () => {
    const pc = new PlayerCounter();
    pc.apply(queued(A));
    pc.apply(queued(B));
    expect(pc.snapshot().queued).toBe(2);
    expect(pc.apply(closed(A))).toBe(true);
    expect(pc.snapshot()).toEqual({ online: 0, queued: 1, max: null });
    expect(pc.queuedIds()).toEqual([B]);
  });

  it('is idempotent on duplicates and ignores unknown players', () => {
    const pc = new PlayerCounter();
    pc.apply(joined(A));
    expect(pc.apply(joined(A))).toBe(false);
    expect(pc.apply(queued(A))).toBe(false); // already online: a duplicate join request does not queue
    expect(pc.apply(left(B))).toBe(false);
    expect(pc.apply(closed(C))).toBe(false);
    expect(pc.snapshot()).toEqual({ online: 1, queued: 0, max: null });
  });

  it('a server restart resets online and queued, keeps max until the new command line', () => {
    const pc = new PlayerCounter();
    pc.apply(max(40));
    pc.apply(joined(A));
    pc.apply(joined(B));
    pc.apply(queued(C));
    expect(pc.snapshot()).toEqual({ online: 2, queued: 1, max: 40 });
    pc.apply(start());
    expect(pc.snapshot()).toEqual({ online: 0, queued: 0, max: 40 });
    pc.apply(max(50));
    pc.apply(joined(C));
    expect(pc.snapshot()).toEqual({ online: 1, queued: 0, max: 50 });
  });

  it('round-trips through plain JSON and resumes', () => {
    const pc = new PlayerCounter();
    pc.apply(start());
    pc.apply(max(60));
    pc.apply(joined(A));
    pc.apply(queued(B));
    const json = JSON.parse(JSON.stringify(pc));
    expect(json).toEqual({ v: 1, online: [A], queued: [B], max: 60, serverStartedAt: t.toISOString() });
    expect(isPlayerCountState(json)).toBe(true);
    const resumed = PlayerCounter.fromJSON(json);
    resumed.apply(joined(B));
    resumed.apply(left(A));
    expect(resumed.snapshot()).toEqual({ online: 1, queued: 0, max: 60 });
    expect(resumed.onlineIds()).toEqual([B]);
    expect(() => PlayerCounter.fromJSON({ v: 2 })).toThrow(TypeError);
    expect(isPlayerCountState(emptyPlayerCountState())).toBe(true);
  });
});

describe('PlayerCounter: bounded saved state', () => {
  const hex = (n: number) => n.toString(16).padStart(32, '0');
  const queued = (id: string, name: string): ServerLogEvent => ({ type: 'queued', timestamp: t, frame: 1, eosId: id, name, world: 1 });

  it('caps the online and queued sets (oldest dropped, counted) and a state saved over the cap', () => {
    const pc = new PlayerCounter();
    for (let i = 0; i < MAX_TRACKED_PLAYERS + 5000; i++) pc.apply(joined(hex(i)));
    for (let i = 0; i < MAX_TRACKED_PLAYERS + 10; i++) pc.apply(queued(hex(1e6 + i), 'q'));
    expect(pc.snapshot()).toMatchObject({ online: MAX_TRACKED_PLAYERS, queued: MAX_TRACKED_PLAYERS });
    expect(pc.dropped).toBe(5010);
    expect(pc.isOnline(hex(0))).toBe(false);
    expect(pc.isOnline(hex(MAX_TRACKED_PLAYERS + 4999))).toBe(true);
    const json = pc.toJSON();
    expect(json.dropped).toBe(5010);
    expect(PlayerCounter.fromJSON(JSON.parse(JSON.stringify(json))).snapshot()).toEqual(pc.snapshot());
    const big = new PlayerCounter({ v: 1, online: Array.from({ length: MAX_TRACKED_PLAYERS + 3 }, (_, i) => hex(i)), queued: [], max: 60, serverStartedAt: null });
    expect(big.snapshot().online).toBe(MAX_TRACKED_PLAYERS);
    expect(big.isOnline(hex(2))).toBe(false);
    expect(big.dropped).toBe(3);
  });
});

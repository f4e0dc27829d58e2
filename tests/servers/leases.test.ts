/**
 * Server leases on the test MongoDB: take, renew, expiry on both sides, takeover, a restarted process
 * taking its own leases back at once, one holder among 20 concurrent takers, and the cost of a renewal
 * (one bulk write for all of a process's servers, counted by command monitoring).
 */
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { collections } from '../../src/db/collections.js';
import type { ServerLease } from '../../src/db/schemas.js';
import { leaseSlot, ServerLeases, type LeaseSettings } from '../../src/servers/leases.js';
import { silentLogger } from '../ingest/helpers.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const LEASE = 3_000;
const RENEW = 1_000;

let mongo: TestMongo;
let clock = 1_700_000_000_000;
const col = () => collections(mongo.db).serverLeases;

interface Probe {
  leases: ServerLeases;
  gained: string[];
  lost: string[];
}

function proc(slot: string, over: Partial<LeaseSettings> = {}): Probe {
  const gained: string[] = [];
  const lost: string[] = [];
  const leases = new ServerLeases(
    { col: col(), slot, leaseMs: LEASE, renewMs: RENEW, now: () => clock, ...over },
    { onGained: (id) => gained.push(id), onLost: (id) => lost.push(id) },
    silentLogger,
  );
  return { leases, gained, lost };
}

const lease = (id: string) => col().findOne({ _id: id }) as Promise<ServerLease | null>;

beforeAll(async () => {
  mongo = await startMongo();
});
afterAll(async () => {
  await mongo?.stop();
});
beforeEach(async () => {
  await col().deleteMany({});
  clock += 3_600_000;
});

describe('server leases', () => {
  it('takes a free lease, renews it, and another process cannot take it while it is renewed', async () => {
    const a = proc('machine-a#0');
    const b = proc('machine-b#1');
    a.leases.want('s1', 'g1');
    b.leases.want('s1', 'g1');
    await a.leases.acquire();
    expect(a.leases.holds('s1')).toBe(true);
    expect(a.gained).toEqual(['s1']);
    const taken = await lease('s1');
    expect(taken).toMatchObject({ holder: 'machine-a#0', instance: a.leases.instance, guildId: 'g1' });
    expect(taken!.expiresAt.getTime()).toBe(clock + LEASE);

    await b.leases.acquire();
    expect(b.leases.holds('s1')).toBe(false);

    for (let i = 0; i < 5; i++) {
      clock += RENEW;
      await a.leases.tick();
      await b.leases.tick();
      expect(a.leases.holds('s1')).toBe(true);
      expect(b.leases.holds('s1')).toBe(false);
      expect((await lease('s1'))!.expiresAt.getTime()).toBe(clock + LEASE);
    }
    expect(b.gained).toEqual([]);
    expect(a.lost).toEqual([]);
  });

  it('a dead holder’s lease is taken once it expires; the old holder, back, learns it lost it', async () => {
    const a = proc('machine-a#0');
    const b = proc('machine-b#0,1');
    a.leases.want('s1', 'g1');
    b.leases.want('s1', 'g1');
    await a.leases.acquire();
    // a stops renewing (SIGKILLed, or frozen). Before expiry b cannot take it…
    clock += LEASE - 1;
    await b.leases.tick();
    expect(b.leases.holds('s1')).toBe(false);
    // …after it, b's next renewal takes it.
    clock += 2;
    await b.leases.tick();
    expect(b.leases.holds('s1')).toBe(true);
    expect(b.gained).toEqual(['s1']);
    expect(await lease('s1')).toMatchObject({ holder: 'machine-b#0,1', instance: b.leases.instance });
    // a's own clock had already ended its right to poll (a renewal interval before the expiry it wrote)…
    expect(a.leases.holds('s1')).toBe(false);
    // …and its next renewal finds another holder: it stops and does not take it back.
    await a.leases.tick();
    expect(a.lost).toEqual(['s1']);
    expect(a.leases.holds('s1')).toBe(false);
    expect(await lease('s1')).toMatchObject({ instance: b.leases.instance });
  });

  it('stops polling on its own clock when renewals fail, before anyone else may take the lease', async () => {
    let failing = false;
    const real = col();
    const flaky = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop === 'bulkWrite' && failing) return () => Promise.reject(new Error('database unreachable'));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const a = proc('machine-a#0', { col: flaky });
    a.leases.want('s1', 'g1');
    await a.leases.acquire();
    failing = true;
    clock += RENEW;
    await a.leases.tick();
    expect(a.leases.holds('s1')).toBe(true); // one failed renewal is tolerated
    clock += RENEW;
    await a.leases.tick();
    expect(a.leases.holds('s1')).toBe(false);
    expect(a.lost).toEqual(['s1']);
    // The lease it wrote is still valid for another renewal interval: nobody polled it in between.
    expect((await lease('s1'))!.expiresAt.getTime()).toBeGreaterThan(clock);
  });

  it('a restarted process (same slot, newer run) takes its leases back at once; the older run cannot take them back', async () => {
    const old = proc('machine-a#0');
    old.leases.want('s1', 'g1');
    await old.leases.acquire();
    clock += 10;
    const restarted = proc('machine-a#0');
    restarted.leases.want('s1', 'g1');
    await restarted.leases.acquire();
    expect(restarted.leases.holds('s1')).toBe(true);
    // The older run (if it still lives) loses it at its next renewal and stays off it.
    clock += RENEW;
    await old.leases.tick();
    await old.leases.tick();
    expect(old.lost).toEqual(['s1']);
    expect(old.leases.holds('s1')).toBe(false);
    expect(await lease('s1')).toMatchObject({ instance: restarted.leases.instance });
    // A different slot gets no such right.
    const other = proc('machine-b#0');
    other.leases.want('s1', 'g1');
    await other.leases.acquire();
    expect(other.leases.holds('s1')).toBe(false);
  });

  it('a graceful stop releases its leases: another process takes them at once', async () => {
    const a = proc('machine-a#0');
    const b = proc('machine-b#0');
    for (const p of [a, b]) for (const id of ['s1', 's2']) p.leases.want(id, 'g1');
    await a.leases.acquire();
    await a.leases.releaseAll();
    await b.leases.acquire();
    expect(b.leases.holds('s1') && b.leases.holds('s2')).toBe(true);
    // Releasing one server (removed, paused) frees only it.
    b.leases.release('s1');
    await b.leases.acquire(); // after the queued release
    expect(await lease('s1')).toBeNull();
    expect(await lease('s2')).toMatchObject({ instance: b.leases.instance });
  });

  it('gives one holder among 20 concurrent takers, for a new lease and for an expired one', async () => {
    for (const id of ['fresh', 'expired']) {
      if (id === 'expired') {
        const dead = proc('machine-dead#0');
        dead.leases.want(id, 'g1');
        await dead.leases.acquire();
        clock += LEASE + 1;
      }
      const takers = Array.from({ length: 20 }, (_, i) => proc(`machine-${i}#0`));
      for (const t of takers) t.leases.want(id, 'g1');
      await Promise.all(takers.map((t) => t.leases.acquire()));
      const holders = takers.filter((t) => t.leases.holds(id));
      expect(holders, id).toHaveLength(1);
      expect(await lease(id)).toMatchObject({ instance: holders[0]!.leases.instance });
      expect(await col().countDocuments({ _id: id })).toBe(1);
    }
  });

  it('renews the leases of N servers in one round trip: one bulk write', async () => {
    const client = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
    try {
      const commands: CommandStartedEvent[] = [];
      client.on('commandStarted', (e) => commands.push(e));
      const p = proc('machine-a#0', { col: collections(client.db()).serverLeases });
      const N = 200;
      for (let i = 0; i < N; i++) p.leases.want(`srv${i}`, `g${i % 7}`);
      await p.leases.acquire();
      expect(Array.from({ length: N }, (_, i) => p.leases.holds(`srv${i}`)).every(Boolean)).toBe(true);

      for (let round = 0; round < 3; round++) {
        clock += RENEW;
        commands.length = 0;
        await p.leases.tick();
        const work = commands.filter((c) => !['hello', 'isMaster', 'ismaster', 'ping', 'endSessions'].includes(c.commandName));
        expect(work.map((c) => c.commandName)).toEqual(['update']);
        expect((work[0]!.command as { updates: unknown[] }).updates).toHaveLength(1);
      }
      expect(await col().countDocuments({ instance: p.leases.instance, expiresAt: new Date(clock + LEASE) })).toBe(N);
    } finally {
      await client.close();
    }
  });

  it('names a slot by host and shard ids, whatever their order', () => {
    expect(leaseSlot([1, 0], 'box')).toBe('box#0,1');
    expect(leaseSlot(null, 'box')).toBe('box#all');
  });
});

describe('SHARD_IDS and LEASE_SECONDS configuration', () => {
  const env = { DISCORD_TOKEN: 't.o.k', DISCORD_APPLICATION_ID: '123456789012345678', SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') };

  it('takes shard ids of a numeric SHARD_COUNT, and a lease period (default 60 s)', () => {
    const c = loadConfig({ ...env, SHARD_COUNT: '4', SHARD_IDS: ' 3, 1,1 ', LEASE_SECONDS: '5' });
    expect(c.SHARD_IDS).toEqual([1, 3]);
    expect(c.LEASE_SECONDS).toBe(5);
    expect(loadConfig(env).SHARD_IDS).toBeUndefined();
    expect(loadConfig(env).LEASE_SECONDS).toBe(60);
  });

  it('refuses ids without a numeric SHARD_COUNT, ids out of range and malformed lists', () => {
    expect(() => loadConfig({ ...env, SHARD_IDS: '0' })).toThrow(/SHARD_IDS needs SHARD_COUNT set to a number/);
    expect(() => loadConfig({ ...env, SHARD_COUNT: 'auto', SHARD_IDS: '0' })).toThrow(/SHARD_IDS needs SHARD_COUNT/);
    expect(() => loadConfig({ ...env, SHARD_COUNT: '2', SHARD_IDS: '1,2' })).toThrow(/SHARD_IDS must list shard ids below SHARD_COUNT \(2\)/);
    expect(() => loadConfig({ ...env, SHARD_COUNT: '2', SHARD_IDS: 'a,b' })).toThrow(/SHARD_IDS must be shard ids separated by commas/);
    expect(() => loadConfig({ ...env, LEASE_SECONDS: '1' })).toThrow(/LEASE_SECONDS/);
  });
});

/**
 * The reconcile over recording fakes: each server's decided mode reaches the pool and polling, the tier's
 * marks are written only when they change, removed servers are dropped, concurrent requests for a guild
 * share one run, and the sweep reconciles only a guild whose tier in force moved.
 */
import { describe, expect, it } from 'vitest';
import { gameServerSchema, type GameServer } from '../../src/db/schemas.js';
import type { TierName } from '../../src/premium/tiers.js';
import { TIERS } from '../../src/premium/tiers.js';
import type { ServersCore } from '../../src/servers/core.js';
import { Reconciler } from '../../src/servers/reconcile.js';
import { silentLogger } from '../ingest/helpers.js';

const GUILD = '1710000000000000001';
const AT = new Date('2026-01-01T00:00:00Z');

function server(id: string, over: { paused?: boolean; status?: Partial<GameServer['status']>; fingerprint?: string | null } = {}): GameServer {
  return gameServerSchema.parse({
    _id: id,
    guildId: GUILD,
    name: id,
    host: 'game.example.org',
    port: 22,
    username: 'u',
    password: { v: 1, kid: 'k', iv: 'aXY=', tag: 'dGFn', ct: 'Y3Q=' },
    hostKeyFingerprint: over.fingerprint === undefined ? 'SHA256:x' : over.fingerprint,
    settings: { paused: over.paused ?? false },
    status: over.status ?? {},
    createdBy: 'u',
    createdAt: AT,
    updatedAt: AT,
  });
}

/** A guild's stored servers and tier, and a log of what the reconcile did to the pool and polling. */
function world(stored: GameServer[], tier: TierName = 'free') {
  const log: string[] = [];
  const state = { servers: stored, tier, seen: tier as TierName, expiresAt: null as Date | null, lists: 0, unreadable: new Set<string>(), hold: null as Promise<void> | null };
  const notices: Array<{ from: TierName; to: TierName; paused: string[] }> = [];
  const core = {
    repo: {
      async list() {
        state.lists++;
        await state.hold;
        return state.servers;
      },
      ofGuilds: async () => state.servers,
      openPassword: () => 'pw',
      poolConfig: (s: GameServer) => ({ serverId: s._id }),
      status: {
        async setTierPaused(_g: string, id: string, at: Date | null) {
          log.push(`${at ? 'tierPause' : 'tierResume'} ${id}`);
          state.servers = state.servers.map((s) => (s._id === id ? { ...s, status: { ...s.status, tierPaused: at } } : s));
          return true;
        },
      },
    },
    pool: {
      setServer: (c: { serverId: string }) => void log.push(`pool ${c.serverId}`),
      removeServer: async (id: string) => void log.push(`unpool ${id}`),
    },
    polling: {
      follow: (s: GameServer, seconds: number) => void log.push(`poll ${s._id} ${seconds}s`),
      drop: (id: string) => void log.push(`drop ${id}`),
      acquire: async () => undefined,
    },
    status: { forget: () => undefined },
    tiers: {
      standing: async () => ({ tier: state.tier, seen: state.seen, expiresAt: state.expiresAt }),
      async moveTierSeen(_g: string, from: TierName, to: TierName) {
        if (state.seen !== from) return false;
        state.seen = to;
        return true;
      },
      texts: async () => undefined,
    },
    alerts: { tierDowngraded: async (d: { from: TierName; to: TierName; paused: GameServer[] }) => void notices.push({ from: d.from, to: d.to, paused: d.paused.map((s) => s._id) }) },
    logger: silentLogger,
  } as unknown as ServersCore;
  const passwords = { open: async (s: GameServer) => (state.unreadable.has(s._id) ? null : 'pw') };
  return { reconciler: new Reconciler(core, passwords), log, state, notices };
}

describe('Reconciler', () => {
  it('applies each server’s mode: polled, paused (pool kept), blocked and untrusted (pool dropped), over the limit', async () => {
    const w = world(
      [
        server('a'),
        server('b', { paused: true }),
        server('c', { status: { hostKeyMismatch: { presented: 'SHA256:y', at: AT } } }),
        server('d', { fingerprint: null }),
      ],
      'supporter',
    );
    await w.reconciler.reconcile(GUILD);
    expect(w.log).toEqual([`pool a`, `poll a ${TIERS.supporter.minPollSeconds}s`, 'drop b', 'drop c', 'unpool c', 'tierPause d', 'drop d', 'unpool d']);
  });

  it('writes a tier mark only when it changes; a grant lifts it, a lapse sets it again', async () => {
    const w = world([server('a'), server('b')], 'free');
    await w.reconciler.reconcile(GUILD);
    expect(w.log.filter((l) => l.startsWith('tier'))).toEqual(['tierPause b']);
    w.log.length = 0;
    await w.reconciler.reconcile(GUILD);
    expect(w.log.filter((l) => l.startsWith('tier'))).toEqual([]);
    w.state.tier = 'pro';
    await w.reconciler.reconcile(GUILD);
    expect(w.log).toContain('tierResume b');
    expect(w.log).toContain(`poll b ${TIERS.pro.minPollSeconds}s`);
  });

  it('tells the admins of a fall once, naming what the tier paused; a rise is only recorded', async () => {
    const w = world([server('a'), server('b'), server('c')], 'pro');
    await w.reconciler.reconcile(GUILD);
    w.state.tier = 'free';
    await w.reconciler.reconcile(GUILD);
    await w.reconciler.reconcile(GUILD);
    expect(w.notices).toEqual([{ from: 'pro', to: 'free', paused: ['b', 'c'] }]);
    w.state.tier = 'pro';
    await w.reconciler.reconcile(GUILD);
    expect(w.state.seen).toBe('pro');
    expect(w.notices).toHaveLength(1);
  });

  it('a password found unreadable while connecting: not polled, its pool entry dropped', async () => {
    const w = world([server('a')]);
    w.state.unreadable.add('a');
    await w.reconciler.reconcile(GUILD);
    expect(w.log).toEqual(['drop a', 'unpool a']);
  });

  it('a server no longer stored (removed) is dropped by the next reconcile', async () => {
    const w = world([server('a')], 'pro');
    await w.reconciler.reconcile(GUILD);
    w.state.servers = [];
    w.log.length = 0;
    await w.reconciler.reconcile(GUILD);
    expect(w.log).toEqual(['drop a', 'unpool a']);
  });

  it('one reconcile per guild at a time: requests made while one runs share a single next run', async () => {
    const w = world([server('a')], 'pro');
    let release!: () => void;
    w.state.hold = new Promise((resolve) => (release = resolve));
    const first = w.reconciler.reconcile(GUILD);
    await Promise.resolve();
    const more = [w.reconciler.reconcile(GUILD), w.reconciler.reconcile(GUILD), w.reconciler.reconcile(GUILD)];
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(w.state.lists).toBe(1);
    release();
    await Promise.all([first, ...more]);
    expect(w.state.lists).toBe(2);
  });

  it('the sweep reconciles only a guild whose tier in force is not the one applied', async () => {
    const w = world([server('a'), server('b')], 'pro');
    await w.reconciler.reconcile(GUILD);
    const lists = w.state.lists;
    await w.reconciler.sweep();
    expect(w.state.lists).toBe(lists);
    w.state.tier = 'free'; // the grant expired: nothing told this process
    await w.reconciler.sweep();
    expect(w.state.lists).toBe(lists + 1);
    expect(w.log).toContain('tierPause b');
  });

  it('reconciles by itself when the tier lapses, with no sweep and no command', async () => {
    const w = world([server('a'), server('b')], 'pro');
    w.state.expiresAt = new Date(Date.now() + 100);
    await w.reconciler.reconcile(GUILD);
    expect(w.log).not.toContain('tierPause b');
    w.state.tier = 'free'; // what the guild config reads once the expiry passed
    w.state.expiresAt = null;
    const deadline = Date.now() + 5_000;
    while (!w.log.includes('tierPause b') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(w.log).toContain('tierPause b');
    expect(w.notices).toEqual([{ from: 'pro', to: 'free', paused: ['b'] }]);
    await w.reconciler.stop();
  });
});

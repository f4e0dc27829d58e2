/**
 * The health server (src/health/server.ts): where it listens (HEALTH_HOST, loopback by default) and how
 * often /healthz really checks (at most once per second, one check at a time, however many ask).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { HEALTH_CHECK_MAX_AGE_MS, startHealthServer, type HealthProbe, type HealthServerOptions } from '../../src/health/server.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(probe: Partial<HealthProbe>, options: HealthServerOptions = {}) {
  const { server, port } = await startHealthServer(0, { checks: async () => ({ mongodb: true }), metrics: () => '', ...probe }, options);
  servers.push(server);
  const get = async (path = '/healthz') => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { server, port, get };
}

/** A check that counts its runs and finishes when the test says so. */
function controlledCheck() {
  const pending: ((checks: Record<string, boolean>) => void)[] = [];
  return {
    runs: () => pending.length,
    finish: (checks: Record<string, boolean>) => pending.splice(0).forEach((resolve) => resolve(checks)),
    checks: () => new Promise<Record<string, boolean>>((resolve) => pending.push(resolve)),
  };
}

const env = { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678', SECRETS_KEY: Buffer.alloc(32, 1).toString('base64') };

describe('where the health server listens', () => {
  it('HEALTH_HOST: loopback unless set, and only an IP address', () => {
    expect(loadConfig(env).HEALTH_HOST).toBe('127.0.0.1');
    expect(loadConfig({ ...env, HEALTH_HOST: '' }).HEALTH_HOST).toBe('127.0.0.1');
    expect(loadConfig({ ...env, HEALTH_HOST: '0.0.0.0' }).HEALTH_HOST).toBe('0.0.0.0');
    expect(loadConfig({ ...env, HEALTH_HOST: '::1' }).HEALTH_HOST).toBe('::1');
    for (const bad of ['localhost', '127.0.0.300', 'http://0.0.0.0']) {
      const err = (() => {
        try {
          return loadConfig({ ...env, HEALTH_HOST: bad });
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([expect.stringMatching(/^HEALTH_HOST must be an IP address to listen on/)]);
    }
  });

  it('binds 127.0.0.1 by default', async () => {
    // The bound address says it all; tests send traffic to loopback only.
    const { server, get } = await serve({});
    expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
    expect((await get()).status).toBe(200);
  });

  it('binds what HEALTH_HOST says', async () => {
    const { server, get } = await serve({}, { host: '0.0.0.0' });
    expect((server.address() as AddressInfo).address).toBe('0.0.0.0');
    expect((await get()).status).toBe(200);
  });
});

describe('/healthz answers from a check at most 1 s old', () => {
  it('reuses a result for 1 s, then checks again', async () => {
    let clock = 1_000_000;
    let runs = 0;
    const { get } = await serve({ checks: async () => ((runs += 1), { discord: true, mongodb: true }) }, { now: () => clock });

    const first = await get();
    expect(first).toEqual({ status: 200, body: { status: 'ok', checks: { discord: true, mongodb: true }, checkedAt: new Date(clock).toISOString() } });
    for (let i = 0; i < 20; i++) await get();
    clock += HEALTH_CHECK_MAX_AGE_MS; // exactly 1 s old: still good
    await get();
    expect(runs).toBe(1);
    clock += 1;
    expect((await get()).body.checkedAt).toBe(new Date(clock).toISOString());
    expect(runs).toBe(2);
  });

  it('one check in flight at most: 50 requests at once wait for the same one', async () => {
    const check = controlledCheck();
    const { get } = await serve({ checks: check.checks });
    const answers = Promise.all(Array.from({ length: 50 }, () => get()));
    await new Promise((r) => setTimeout(r, 100)); // every request has arrived and is waiting
    expect(check.runs()).toBe(1);
    check.finish({ mongodb: false });
    const results = await answers;
    expect(new Set(results.map((r) => `${r.status} ${String(r.body.status)}`))).toEqual(new Set(['503 degraded']));
    expect(check.runs()).toBe(0); // finished, none started since
  });

  it('a check that fails is cached as well (503), and a stuck one costs no second check', async () => {
    let clock = 0;
    let runs = 0;
    const failing = await serve({ checks: async () => ((runs += 1), Promise.reject(new Error('ping failed'))) }, { now: () => clock });
    expect(await failing.get()).toEqual({ status: 503, body: { status: 'error', checkedAt: new Date(0).toISOString() } });
    expect((await failing.get()).status).toBe(503);
    expect(runs).toBe(1);

    const stuck = controlledCheck();
    const slow = await serve({ checks: stuck.checks }, { checkTimeoutMs: 50, now: () => clock });
    expect(await slow.get()).toEqual({ status: 503, body: { status: 'error', error: 'check timed out' } });
    clock += 600; // the same check runs on: nobody starts another
    expect((await slow.get()).status).toBe(503);
    expect(stuck.runs()).toBe(1);
    stuck.finish({ mongodb: true });
    await new Promise((r) => setImmediate(r));
    // Its late result, begun 600 ms ago, answers the next request; its age counts from the check's start.
    expect(await slow.get()).toEqual({ status: 200, body: { status: 'ok', checks: { mongodb: true }, checkedAt: new Date(0).toISOString() } });
    clock += 401;
    expect((await slow.get()).status).toBe(503); // 1,001 ms old: checked again (stuck again here)
    expect(stuck.runs()).toBe(1);
  });
});

describe('/storage?guild=', () => {
  it('counts one guild at a time: a request while one is counted gets 429, a bad id 400, no probe 404', async () => {
    const asked: string[] = [];
    let release: () => void = () => undefined;
    const { get } = await serve({
      storage: (guildId) => {
        asked.push(guildId);
        return new Promise((resolve) => (release = () => resolve({ guildId, documents: 3 })));
      },
    });
    const first = get('/storage?guild=123456789012345678');
    await new Promise((r) => setTimeout(r, 50));
    expect(await get('/storage?guild=223456789012345678')).toEqual({ status: 429, body: { error: 'another guild is being counted' } });
    release();
    expect(await first).toEqual({ status: 200, body: { guildId: '123456789012345678', documents: 3 } });
    expect(asked).toEqual(['123456789012345678']);
    expect((await get('/storage?guild=12;drop')).status).toBe(400);
    const none = await serve({});
    const res = await fetch(`http://127.0.0.1:${none.port}/storage?guild=1`);
    expect(res.status).toBe(404);
  });
});

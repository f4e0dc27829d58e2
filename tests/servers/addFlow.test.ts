/**
 * Trust & save against real parts (sshd on loopback, the SFTP pool, jongodb): two clicks racing at the
 * tier's server limit save one server; a password ciphertext copied from another record is reported as an
 * unreadable password (server paused, one alert), never opened and never a crash.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Collection } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameServer } from '../../src/db/schemas.js';
import type { GameServers } from '../../src/servers/gameServers.js';
import { startServersWorld, type ServersWorld } from './world.js';

const FREE = '1620000000000000001';
const PRO = '1620000000000000002';
const OTHER = '1620000000000000003';
const FOURTH = '1620000000000000004';
const ADMIN = '1620000000000000009';

let world: ServersWorld;
let servers: GameServers;

beforeAll(async () => {
  world = await startServersWorld();
  await world.guildConfigs.update(PRO, { premium: { tier: 'pro', expiresAt: null } });
  servers = world.build();
  await servers.start([FREE, PRO, OTHER]);
}, 60_000);

afterAll(async () => {
  await servers?.stop();
  await world?.stop();
});

describe('Trust & save', () => {
  it('two simultaneous clicks at the Free limit (two prompts) save one server and refuse the other', async () => {
    // Both prompts were opened while the guild had no server: both passed the early check.
    const [a, b] = await Promise.all([servers.proposeAdd(FREE, ADMIN, world.form('First'), false), servers.proposeAdd(FREE, ADMIN, world.form('Second'), false)]);
    // The two clicks' connection tests end at different moments: each insert is held 500 ms so that both
    // clicks are between their check and their insert at once (a count-then-create check saves both then).
    const repo = world.repo as unknown as { servers: Collection<GameServer> };
    const real = repo.servers;
    repo.servers = new Proxy(real, {
      get: (target, prop, receiver) =>
        prop === 'insertOne' ? async (...args: Parameters<typeof real.insertOne>) => (await delay(500), target.insertOne(...args)) : Reflect.get(target, prop, receiver),
    });
    const results = await Promise.allSettled([servers.trust(FREE, ADMIN, a.pendingId), servers.trust(FREE, ADMIN, b.pendingId)]).finally(() => (repo.servers = real));
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(String(refused.reason)).toMatch(/already has 1 game server, the limit of the Free tier \(1\)/);
    const saved = await servers.list(FREE);
    expect(saved).toHaveLength(1);
    expect(servers.isPolled(saved[0]!._id)).toBe(true);
  });

  it('a password copied from another guild’s server pauses the server as unreadable, with one alert', async () => {
    const pa = await servers.proposeAdd(PRO, ADMIN, world.form('Victim'), false);
    await servers.trust(PRO, ADMIN, pa.pendingId);
    const po = await servers.proposeAdd(OTHER, ADMIN, world.form('Source'), false);
    await servers.trust(OTHER, ADMIN, po.pendingId);
    const victim = (await servers.list(PRO))[0]!;
    const source = (await servers.list(OTHER))[0]!;
    await world.cols.gameServers.updateOne({ _id: victim._id }, { $set: { password: source.password } });

    const copied = (await servers.get(PRO, victim._id))!;
    await expect(servers.test(copied)).rejects.toThrow(/cannot be read .* enter it again with `\/server edit`/);
    expect((await servers.get(PRO, victim._id))?.status.credentialsUnreadable).toBeInstanceOf(Date);
    expect(servers.isPolled(victim._id)).toBe(false);
    expect(world.alerts.filter((x) => x.kind === 'credentialsUnreadable')).toEqual([{ kind: 'credentialsUnreadable', serverId: victim._id }]);
    // The source is untouched and still polled; a restart keeps the victim paused and starts the rest.
    expect(servers.isPolled(source._id)).toBe(true);
    await servers.stop();
    servers = world.build();
    await servers.start([FREE, PRO, OTHER]);
    expect(servers.isPolled(victim._id)).toBe(false);
    expect(servers.isPolled(source._id)).toBe(true);
  });

  it('a prompt whose password was copied from another prompt is refused, nothing saved or sent', async () => {
    const mine = await servers.proposeAdd(PRO, ADMIN, world.form('Mine'), false);
    const theirs = await servers.proposeAdd(FOURTH, ADMIN, world.form('Theirs', { password: 'not-mine' }), false);
    const stolen = (await world.cols.pendingServers.findOne({ _id: theirs.pendingId }))!.input.password;
    await world.cols.pendingServers.updateOne({ _id: mine.pendingId }, { $set: { 'input.password': stolen } });
    const accepted = world.sshd.acceptedCount();
    await expect(servers.trust(PRO, ADMIN, mine.pendingId)).rejects.toThrow(/password of this prompt cannot be read/);
    expect(world.sshd.acceptedCount()).toBe(accepted);
    expect((await servers.list(PRO)).map((s) => s.name)).toEqual(['Victim']);
  });
});

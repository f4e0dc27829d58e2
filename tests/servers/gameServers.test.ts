/**
 * GameServers keeps a server's stored document, its SFTP pool entry and its log polling in step, whatever
 * the change. Real parts: OpenSSH sshd on loopback, the SftpPool, the ingestion engine and jongodb.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameServer } from '../../src/db/schemas.js';
import { TIERS } from '../../src/premium/tiers.js';
import type { GameServers } from '../../src/servers/gameServers.js';
import { startServersWorld, type ServersWorld } from './world.js';

const GUILD = '1500000000000000001';
const OTHER_GUILD = '1500000000000000002';
const ADMIN = '1500000000000000003';

let world: ServersWorld;
let servers: GameServers;

async function addServer(name: string, guildId = GUILD): Promise<GameServer> {
  const proposal = await servers.proposeAdd(guildId, ADMIN, world.form(name), false);
  await servers.trust(guildId, ADMIN, proposal.pendingId);
  const [server] = (await servers.list(guildId)).filter((s) => s.name === name);
  return server!;
}

/** Whether the pool holds an entry for the server: what the poller's calls meet (an unknown one is refused before connecting). */
async function registered(serverId: string): Promise<boolean> {
  return world.pool.statMany(serverId, []).then(
    () => true,
    (err: Error) => (/^unknown SFTP server /.test(err.message) ? false : Promise.reject(err)),
  );
}

beforeAll(async () => {
  world = await startServersWorld();
  await world.guildConfigs.update(OTHER_GUILD, { premium: { tier: 'pro', expiresAt: null } });
  servers = world.build();
  await servers.start([GUILD, OTHER_GUILD]);
}, 60_000);

afterAll(async () => {
  await servers?.stop();
  await world?.stop();
});

describe('GameServers', () => {
  let server: GameServer;

  it('saves nothing before Trust, then stores, registers and polls the server', async () => {
    const proposal = await servers.proposeAdd(GUILD, ADMIN, world.form('EU One'), false);
    expect(proposal.key.fingerprint).toBe(world.sshd.hostKeyFingerprintSha256);
    expect(await servers.list(GUILD)).toEqual([]);
    await servers.trust(GUILD, ADMIN, proposal.pendingId);
    [server] = (await servers.list(GUILD)) as [GameServer];
    expect(server).toMatchObject({ name: 'EU One', hostKeyFingerprint: world.sshd.hostKeyFingerprintSha256 });
    expect(servers.isPolled(server._id)).toBe(true);
    expect(await registered(server._id)).toBe(true);
    // The prompt is used up: a second click cannot save a second copy.
    await expect(servers.trust(GUILD, ADMIN, proposal.pendingId)).rejects.toThrow(/expired/);
  });

  it('refuses a server above the tier limit and a poll interval below the tier floor, changing nothing', async () => {
    await expect(servers.proposeAdd(GUILD, ADMIN, world.form('EU Two'), false)).rejects.toThrow(/limit of the Free tier \(1\)/);
    const free = TIERS.free.minPollSeconds;
    await expect(servers.updateSettings(server, { pollSeconds: free - 1 })).rejects.toThrow(new RegExp(`every ${free} seconds`));
    // Unchanged: as often as the tier allows (0), which polls at the Free floor.
    expect((await servers.get(GUILD, server._id))?.settings.pollSeconds).toBe(0);
    expect(servers.pollTarget(server._id)?.pollSeconds).toBe(free);
    // Another guild on Pro: its floor is allowed there.
    const pro = await addServer('Pro One', OTHER_GUILD);
    expect((await servers.updateSettings(pro, { pollSeconds: TIERS.pro.minPollSeconds })).pollSeconds).toBe(TIERS.pro.minPollSeconds);
  });

  it('stops polling a paused server and resumes it, pool entry kept for browsing', async () => {
    await servers.updateSettings(server, { paused: true });
    expect(servers.isPolled(server._id)).toBe(false);
    const listing = await servers.withPool((await servers.get(GUILD, server._id))!, (p, id) => p.list(id, '/'));
    expect(listing.map((e) => e.name)).toContain('79.127.236.1_7020');
    await servers.updateSettings(server, { paused: false });
    expect(servers.isPolled(server._id)).toBe(true);
  });

  it('loads only pollable servers at start', async () => {
    const pro = (await servers.list(OTHER_GUILD))[0]!;
    await servers.updateSettings(pro, { paused: true });
    await servers.stop();
    servers = world.build();
    expect(await servers.start([GUILD, OTHER_GUILD])).toBe(1);
    expect(servers.isPolled(server._id)).toBe(true);
    expect(servers.isPolled(pro._id)).toBe(false);
  });

  it('blocks a server whose host key changes while polling: one alert, polling and pool stopped, commands refused', async () => {
    await world.sshd.rotateHostKey();
    // The scheduled poll (due at start) or this backfill's meets the new key first; either way it is not read.
    const outcome = await servers.backfill(server, async () => undefined).then(
      (r) => (r.ok ? 'read' : 'poll failed'),
      (err: Error) => err.message,
    );
    expect(outcome).toMatch(/poll failed|stopped being polled meanwhile/);
    const blocked = (await servers.get(GUILD, server._id))!;
    expect(blocked.status.hostKeyMismatch?.presented).toBe(world.sshd.hostKeyFingerprintSha256);
    expect(blocked.hostKeyFingerprint).not.toBe(world.sshd.hostKeyFingerprintSha256);
    expect(servers.isPolled(server._id)).toBe(false);
    expect(await registered(server._id)).toBe(false);
    expect(world.alerts).toEqual([{ kind: 'hostKeyChanged', serverId: server._id, presented: blocked.status.hostKeyMismatch!.presented }]);
    const accepted = world.sshd.acceptedCount();
    await expect(servers.withPool(blocked, (p, id) => p.list(id, '/'))).rejects.toThrow(/host key .* changed/);
    expect(world.sshd.acceptedCount()).toBe(accepted);
    // /server test sees the same change: still one alert.
    expect(await servers.test(blocked)).toEqual({ ok: false, reason: 'changed', presented: blocked.status.hostKeyMismatch!.presented });
    expect(world.alerts).toHaveLength(1);
  });

  it('polls again once the admin trusts the new key, and forgets everything on removal', async () => {
    const blocked = (await servers.get(GUILD, server._id))!;
    await servers.trustNewKey(blocked, blocked.status.hostKeyMismatch!.presented);
    expect(servers.isPolled(server._id)).toBe(true);
    const trusted = (await servers.get(GUILD, server._id))!;
    expect((await servers.backfill(trusted, async () => undefined)).ok).toBe(true);
    await servers.remove(trusted);
    expect(await servers.get(GUILD, server._id)).toBeNull();
    expect(servers.isPolled(server._id)).toBe(false);
    expect(await registered(server._id)).toBe(false);
  });
});

/**
 * One rule for every flow: a stored password is sent only to a host that has shown the key pinned for
 * that server; a key nobody trusted gets a key-only check (no authentication) first. The "other host" is
 * an SSH server that records every password offered to it; the legitimate one is OpenSSH's sshd.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameServer } from '../../src/db/schemas.js';
import { SecretBox } from '../../src/security/secrets.js';
import type { GameServers } from '../../src/servers/gameServers.js';
import { startRecordingSsh, type RecordingSsh } from '../support/recordingSsh.js';
import { startServersWorld, type ServersWorld } from './world.js';

const GUILD = '1600000000000000001';
const GUILD_B = '1600000000000000002';
const ADMIN = '1600000000000000003';

let world: ServersWorld;
let servers: GameServers;
let other: RecordingSsh;
let server: GameServer;

const elsewhere = () => `127.0.0.1:${other.port}`;

beforeAll(async () => {
  [world, other] = await Promise.all([startServersWorld(), startRecordingSsh()]);
  await world.guildConfigs.update(GUILD, { premium: { tier: 'pro', expiresAt: null } });
  servers = world.build();
  await servers.start([GUILD, GUILD_B]);
}, 60_000);

afterAll(async () => {
  await servers?.stop();
  await Promise.all([world?.stop(), other?.stop()]);
});

describe('credentials go only to trusted keys', () => {
  it('add: the key is fetched without logging in; the password goes out only after Trust', async () => {
    const accepted = world.sshd.acceptedCount();
    const proposal = await servers.proposeAdd(GUILD, ADMIN, world.form('EU One'), false);
    expect(proposal.key.fingerprint).toBe(world.sshd.hostKeyFingerprintSha256);
    expect(world.sshd.acceptedCount()).toBe(accepted);
    expect(world.sshd.logs()).not.toMatch(/Failed password|Accepted password/);
    const saved = await servers.trust(GUILD, ADMIN, proposal.pendingId);
    expect(saved.report.fingerprint).toBe(world.sshd.hostKeyFingerprintSha256);
    expect(world.sshd.acceptedCount()).toBe(accepted + 1);
    server = (await servers.list(GUILD))[0]!;

    // Another host: its key is shown and nothing is offered to it before Trust.
    const prompt = await servers.proposeAdd(GUILD, ADMIN, world.form('Elsewhere', { address: elsewhere(), password: 'typed-by-this-admin' }), false);
    expect(prompt.key.fingerprint).toBe(other.fingerprint);
    expect(other.authAttempts).toBe(0);
    // After Trust the admin's own typed password is tried; it fails there, and nothing is saved.
    await expect(servers.trust(GUILD, ADMIN, prompt.pendingId)).rejects.toThrow(/Nothing was saved/);
    expect(other.passwords).toEqual([{ username: world.sshd.username, password: 'typed-by-this-admin' }]);
    expect((await servers.list(GUILD)).map((s) => s.name)).toEqual(['EU One']);
  });

  it('edit: moving to a host with another key never sends the stored password', async () => {
    const before = other.passwords.length;
    const attempts = other.authAttempts;
    await expect(servers.proposeEdit(server, ADMIN, world.form('EU One', { address: elsewhere(), password: '' }), undefined)).rejects.toThrow(
      /type the password again/,
    );
    const typed = await servers.proposeEdit(server, ADMIN, world.form('EU One', { address: elsewhere(), password: 'a-new-password' }), undefined);
    expect(typed.kind).toBe('trust');
    expect(other.passwords.length).toBe(before);
    expect(other.authAttempts).toBe(attempts);
    // Nothing changed until Trust.
    expect((await servers.get(GUILD, server._id))?.port).toBe(world.sshd.port);
  });

  it('edit: the same host with its pinned key keeps the stored password and is saved at once', async () => {
    const outcome = await servers.proposeEdit(server, ADMIN, world.form('EU One renamed', { password: '' }), undefined);
    expect(outcome).toMatchObject({ kind: 'saved', name: 'EU One renamed', keptPassword: true });
    expect(servers.isPolled(server._id)).toBe(true);
  });

  it('test: a server without a trusted key (a migrated one) gets a key-only check, then Trust, then the login', async () => {
    const migrated = await world.repo.create(GUILD, ADMIN, world.repo.seal({ ...world.form('Migrated'), host: '127.0.0.1', port: other.port, root: '/', legacyAlgorithms: false }), 'SHA256:x', null);
    await world.cols.gameServers.updateOne({ _id: migrated._id }, { $set: { hostKeyFingerprint: null } });
    const unpinned = (await servers.get(GUILD, migrated._id))!;
    const before = other.authAttempts;
    expect(await servers.test(unpinned)).toEqual({ ok: false, reason: 'unpinned', presented: other.fingerprint });
    await expect(servers.withPool(unpinned, (p, id) => p.list(id, '/'))).rejects.toThrow(/no host key .* is trusted yet/);
    await servers.load([GUILD]);
    expect(servers.isPolled(unpinned._id)).toBe(false);
    expect(other.authAttempts).toBe(before);
    // Trusted: now (and only now) the stored password is offered, to that key.
    const outcome = await servers.trustNewKey(unpinned, other.fingerprint);
    expect(outcome.ok).toBe(false);
    expect(other.passwords.at(-1)).toEqual({ username: world.sshd.username, password: world.sshd.password });
    expect((await servers.get(GUILD, migrated._id))?.hostKeyFingerprint).toBe(other.fingerprint);
    await servers.remove((await servers.get(GUILD, migrated._id))!);
  });

  it('an unreadable stored password pauses that server with one alert; the bot starts and the others go on', async () => {
    const b = (await servers.proposeAdd(GUILD_B, ADMIN, world.form('B One'), false)).pendingId;
    await servers.trust(GUILD_B, ADMIN, b);
    const serverB = (await servers.list(GUILD_B))[0]!;
    // Sealed with a key this bot no longer has (SECRETS_KEY replaced without keeping the old one).
    const lostKey = new SecretBox(Buffer.alloc(32, 1)).seal('whatever');
    await world.cols.gameServers.updateOne({ _id: server._id }, { $set: { password: lostKey } });
    await servers.stop();
    servers = world.build();
    expect(await world.repo.resealOldKeys()).toBe(0);
    await servers.start([GUILD, GUILD_B]);
    expect(servers.isPolled(serverB._id)).toBe(true);
    expect(servers.isPolled(server._id)).toBe(false);
    expect(world.alerts.filter((a) => a.kind === 'credentialsUnreadable')).toEqual([{ kind: 'credentialsUnreadable', serverId: server._id }]);
    const paused = (await servers.get(GUILD, server._id))!;
    expect(paused.status.credentialsUnreadable).toBeInstanceOf(Date);
    await expect(servers.test(paused)).rejects.toThrow(/cannot be read .* enter it again with `\/server edit`/);
    expect(world.alerts.filter((a) => a.kind === 'credentialsUnreadable')).toHaveLength(1);
    // Entering it again resumes the server.
    await servers.proposeEdit(paused, ADMIN, world.form('EU One renamed'), undefined);
    expect((await servers.get(GUILD, server._id))?.status.credentialsUnreadable).toBeNull();
    expect(servers.isPolled(server._id)).toBe(true);
  });
});

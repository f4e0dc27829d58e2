import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { SecretBox } from '../../src/security/secrets.js';
import { parseServerInput } from '../../src/servers/input.js';
import { serverMode } from '../../src/servers/mode.js';
import { ServerRepo } from '../../src/servers/repo.js';
import { listEmbeds } from '../../src/servers/views.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const KEY = Buffer.alloc(32, 7);
const A = '1400000000000000001';
const B = '1400000000000000002';
const FP = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU';

let mongo: TestMongo;
let cols: Collections;
let repo: ServerRepo;

const input = (name: string) =>
  parseServerInput({ name, address: '203.0.113.5:8822', username: 'deadside', password: 'Pa55-word!', root: '/srv' });

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  repo = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(KEY));
});
afterAll(async () => {
  await mongo?.stop();
});

describe('ServerRepo', () => {
  it('stores the password sealed and opens it only for a pool config', async () => {
    const s = await repo.create(A, 'u1', repo.seal(input('EU 1')), FP, null);
    const raw = await cols.gameServers.findOne({ _id: s._id });
    expect(JSON.stringify(raw)).not.toContain('Pa55-word!');
    expect(raw?.password.kid).toBe(new SecretBox(KEY).currentKid);
    expect(repo.poolConfig(s)).toEqual({
      serverId: s._id,
      host: '203.0.113.5',
      port: 8822,
      username: 'deadside',
      password: 'Pa55-word!',
      root: '/srv',
      hostKeyFingerprint: FP,
      legacyAlgorithms: false,
    });
    // Another key cannot open it.
    const other = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(Buffer.alloc(32, 8)));
    expect(() => other.poolConfig(s)).toThrow(/not configured/);
  });

  it('scopes every lookup to the guild; names are unique per guild only', async () => {
    const [a] = await repo.list(A);
    expect(await repo.get(B, a!._id)).toBeNull();
    await expect(repo.resolve(B, a!._id)).rejects.toThrow(/no server/);
    await expect(repo.resolve(A, 'eu 1')).resolves.toMatchObject({ _id: a!._id });
    await expect(repo.create(A, 'u1', repo.seal(input('EU 1')), FP, null)).rejects.toThrow(/already exists/);
    await repo.create(B, 'u2', repo.seal(input('EU 1')), FP, null);
    expect(await repo.count(A)).toBe(1);
    expect(await repo.count(B)).toBe(1);
    await expect(repo.setSettings(B, a!._id, { paused: true })).rejects.toThrow(/removed/);
    expect((await repo.get(A, a!._id))?.settings.paused).toBe(false);
  });

  it('a host key mismatch is marked once, blocks the server, and re-trust lifts it', async () => {
    const [a] = await repo.list(A);
    expect(await repo.status.markHostKeyMismatch(A, a!._id, 'SHA256:new')).toBe(true);
    expect(await repo.status.markHostKeyMismatch(A, a!._id, 'SHA256:new')).toBe(false);
    const modes = async (...guildIds: string[]) => (await repo.ofGuilds(guildIds)).map((s) => [s.guildId, serverMode(s).mode]);
    expect(await modes(A, B)).toEqual([
      [A, 'blocked'],
      [B, 'polled'],
    ]);
    await repo.trustHostKey(A, a!._id, 'SHA256:new');
    const after = await repo.get(A, a!._id);
    expect(after).toMatchObject({ hostKeyFingerprint: 'SHA256:new', status: { hostKeyMismatch: null, lastError: null } });
    expect(await modes(A)).toEqual([[A, 'polled']]);
    expect(await repo.ofGuilds([])).toEqual([]);
  });

  it('poll status for the poller, several servers in one write: lines add up, errors are kept until a good poll', async () => {
    const [a] = await repo.list(A);
    const [b] = await repo.list(B);
    const at = new Date('2026-01-01T00:00:00Z');
    await repo.status.recordPolls([
      { guildId: A, serverId: a!._id, lastPollAt: at, lines: 10, error: null },
      { guildId: B, serverId: b!._id, lines: 0, error: { message: 'connection refused', at } },
    ]);
    expect((await repo.get(A, a!._id))?.status).toMatchObject({ linesRead: 10, lastError: null, lastPollAt: at });
    expect((await repo.get(B, b!._id))?.status).toMatchObject({ lastError: 'connection refused', lastErrorAt: at });
    await repo.status.recordPolls([{ guildId: A, serverId: a!._id, lines: 0, error: { message: 'timed out', at } }]);
    expect((await repo.get(A, a!._id))?.status).toMatchObject({ linesRead: 10, lastError: 'timed out', lastPollAt: at });
    await repo.status.recordPolls([{ guildId: A, serverId: a!._id, lastPollAt: new Date(at.getTime() + 1000), lines: 5, error: null }]);
    expect((await repo.get(A, a!._id))?.status).toMatchObject({ linesRead: 15, lastError: null });
    // A listing notice is stored when given, kept when not, cleared by null.
    await repo.status.recordPolls([{ guildId: A, serverId: a!._id, lines: 0, error: null, notice: 'only the 16 highest worlds are read' }]);
    await repo.status.recordPolls([{ guildId: A, serverId: a!._id, lines: 0, error: null }]);
    expect((await repo.get(A, a!._id))?.status.listingNotice).toBe('only the 16 highest worlds are read');
    await repo.status.recordPolls([{ guildId: A, serverId: a!._id, lines: 0, error: null, notice: null }]);
    expect((await repo.get(A, a!._id))?.status.listingNotice).toBeNull();
    // Scoped: an update naming another guild changes nothing.
    await repo.status.recordPolls([{ guildId: B, serverId: a!._id, lines: 100, error: null }]);
    expect((await repo.get(A, a!._id))?.status.linesRead).toBe(15);
  });

  it('pending adds: only their admin, only while fresh', async () => {
    const p = await repo.pending.create({ guildId: A, userId: 'u1', serverId: null, input: repo.seal(input('New')), fingerprint: FP, layout: null });
    await expect(repo.pending.take(A, 'u2', p._id)).rejects.toThrow(/expired/);
    await expect(repo.pending.take(B, 'u1', p._id)).rejects.toThrow(/expired/);
    await expect(repo.pending.take(A, 'u1', p._id)).resolves.toMatchObject({ fingerprint: FP });
    await cols.pendingServers.updateOne({ _id: p._id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(repo.pending.take(A, 'u1', p._id)).rejects.toThrow(/expired/);
    expect(await cols.pendingServers.countDocuments({ _id: p._id })).toBe(0);
  });

  it('remove deletes the server and its pending edits', async () => {
    const [a] = await repo.list(A);
    await repo.pending.create({ guildId: A, userId: 'u1', serverId: a!._id, input: repo.seal(input('EU 1')), fingerprint: FP, layout: null });
    expect(await repo.remove(A, a!._id)).toBe(true);
    expect(await cols.gameServers.countDocuments({ _id: a!._id })).toBe(0);
    expect(await cols.pendingServers.countDocuments({ serverId: a!._id })).toBe(0);
  });

  it('/server list stays within Discord’s 6,000-character embed budget with 25 servers', () => {
    const now = new Date();
    const many = Array.from({ length: 25 }, (_, i) => ({
      _id: `id${String(i).padStart(6, '0')}`,
      guildId: A,
      name: `Server number ${i} with a long name`.slice(0, 40),
      host: `very-long-host-name-${i}.game-hosting.example.com`,
      port: 8822,
      username: 'u',
      password: { v: 1 as const, kid: 'k', iv: 'i', tag: 't', ct: 'c' },
      root: '/a/rather/deep/root/folder/for/the/server',
      hostKeyFingerprint: FP,
      legacyAlgorithms: true,
      channels: { killfeed: '1400000000000000011', callouts: '1400000000000000015', events: '1400000000000000012', connections: '1400000000000000013', playercount: '1400000000000000014' },
      settings: { pollSeconds: 60, killfeedDelaySeconds: 0, showSuicides: true, paused: false, killfeedStyle: 'rich' as const, longshotMetres: 250 },
      status: { lastPollAt: now, lastError: 'x'.repeat(300), lastErrorAt: now, linesRead: 123456, hostKeyMismatch: null, credentialsUnreadable: null },
      layout: null,
      createdBy: 'u',
      createdAt: now,
      updatedAt: now,
    }));
    const embeds = listEmbeds(many, 'enterprise').map((e) => e.toJSON());
    const size = embeds.reduce(
      (total, e) =>
        total + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0),
      0,
    );
    expect(size).toBeLessThanOrEqual(6000);
    expect(embeds.every((e) => (e.description?.length ?? 0) <= 4096)).toBe(true);
    const all = embeds.map((e) => e.description).join('\n');
    expect(all).toContain('Server number 0 ');
    expect(all).toContain('Server number 24');
    expect(all).toContain('<#1400000000000000014>');
    expect(all).toContain('🏆<#1400000000000000015>');
  });
});

describe('secrets key rotation', () => {
  it('re-seals passwords of an older key under the current one, which alone then opens them', async () => {
    const NEW = Buffer.alloc(32, 9);
    const old = await repo.create(A, 'u1', repo.seal(input('Rotated')), FP, null);
    const rotated = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox([NEW, KEY]));
    expect(await rotated.resealOldKeys()).toBeGreaterThanOrEqual(1);
    const raw = await cols.gameServers.findOne({ _id: old._id });
    expect(raw?.password.kid).toBe(new SecretBox(NEW).currentKid);
    expect(JSON.stringify(raw)).not.toContain('Pa55-word!');
    // The old key can go: the new one alone opens the record.
    const onlyNew = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(NEW));
    expect(onlyNew.poolConfig((await onlyNew.get(A, old._id))!).password).toBe('Pa55-word!');
    expect(await rotated.resealOldKeys()).toBe(0);
  });
});

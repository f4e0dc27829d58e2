/**
 * Stored SFTP passwords are bound to their record (guild and server id, or pending id): a ciphertext copied
 * into another record does not open there; records sealed the old way (before binding) still open, and
 * `npm run reseal` (ServerRepo.resealOldKeys) binds them. And the tier's server limit holds when creates
 * race (src/servers/slots.ts), against a MongoDB-wire server with real concurrent calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { SecretBox, SecretsError } from '../../src/security/secrets.js';
import { parseServerInput } from '../../src/servers/input.js';
import { newServerId, ServerRepo } from '../../src/servers/repo.js';
import { ServerLimitReached } from '../../src/servers/slots.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const KEY = Buffer.alloc(32, 5);
const A = '1410000000000000001';
const B = '1410000000000000002';
const FP = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU';

let mongo: TestMongo;
let cols: Collections;
let repo: ServerRepo;
const box = new SecretBox(KEY);

const input = (name: string, password = 'Pa55-word!') => parseServerInput({ name, address: '203.0.113.5:8822', username: 'deadside', password, root: '/srv' });

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  repo = new ServerRepo(cols.gameServers, cols.pendingServers, box);
});
afterAll(() => mongo?.stop());

/** The stored server's password as the repo opens it, or the error it throws. */
async function opened(guildId: string, serverId: string): Promise<string | Error> {
  const server = (await repo.get(guildId, serverId))!;
  try {
    return repo.openPassword(server);
  } catch (err) {
    return err as Error;
  }
}

/** A server as the previous version stored it: the password sealed unbound (also what migration 004 left). */
async function oldFormatServer(guildId: string, name: string, password: string): Promise<string> {
  const now = new Date();
  const _id = newServerId();
  const doc = { ...input(name), _id, guildId, password: box.seal(password), hostKeyFingerprint: FP, createdBy: 'u', createdAt: now, updatedAt: now };
  await cols.gameServers.insertOne(doc as never);
  return _id;
}

describe('sealed passwords bound to their record', () => {
  it('a ciphertext copied to another server’s record (another guild’s, or the same guild’s) does not open there', async () => {
    const mine = await repo.create(A, 'u', repo.seal(input('Mine', 'pw-of-A')), FP, null);
    const theirs = await repo.create(B, 'u', repo.seal(input('Theirs', 'pw-of-B')), FP, null);
    const sibling = await repo.create(A, 'u', repo.seal(input('Sibling', 'pw-of-A2')), FP, null);
    expect((await cols.gameServers.findOne({ _id: mine._id }))?.password.aad).toBe(2);
    expect(repo.openPassword((await repo.get(A, mine._id))!)).toBe('pw-of-A');

    for (const source of [theirs, sibling]) {
      const stolen = (await cols.gameServers.findOne({ _id: source._id }))!.password;
      await cols.gameServers.updateOne({ _id: mine._id }, { $set: { password: stolen } });
      const copied = (await repo.get(A, mine._id))!;
      expect(() => repo.openPassword(copied)).toThrow(SecretsError);
      expect(() => repo.poolConfig(copied)).toThrow(SecretsError);
    }
    // The sources still open as themselves.
    expect(repo.openPassword((await repo.get(B, theirs._id))!)).toBe('pw-of-B');
    // Stored as it travels from the form (never done, but it must not open either).
    await cols.gameServers.updateOne({ _id: mine._id }, { $set: { password: repo.seal(input('x')).password } });
    expect(await opened(A, mine._id)).toBeInstanceOf(SecretsError);
  });

  it('a pending add’s password is bound to the prompt, and an edit binds the new password to its server', async () => {
    const p1 = await repo.pending.create({ guildId: A, userId: 'u', serverId: null, input: repo.seal(input('P1', 'first')), fingerprint: FP, layout: null });
    const p2 = await repo.pending.create({ guildId: B, userId: 'u', serverId: null, input: repo.seal(input('P2', 'second')), fingerprint: FP, layout: null });
    expect(repo.pending.openPassword(await repo.pending.take(A, 'u', p1._id))).toBe('first');
    await cols.pendingServers.updateOne({ _id: p1._id }, { $set: { 'input.password': p2.input.password } });
    const copied = await repo.pending.take(A, 'u', p1._id);
    expect(() => repo.pending.openPassword(copied)).toThrow(SecretsError);
    // A pending seal copied into a server record does not open there either.
    const server = await repo.create(A, 'u', repo.seal(input('Edited')), FP, null);
    await cols.gameServers.updateOne({ _id: server._id }, { $set: { password: p2.input.password } });
    expect(await opened(A, server._id)).toBeInstanceOf(SecretsError);
    await repo.updateConnection(A, server._id, repo.seal(input('Edited', 'typed-again')), FP, null);
    expect(repo.openPassword((await repo.get(A, server._id))!)).toBe('typed-again');
  });

  it('opens old-format records; reseal binds them (and old-format prompts), after which a copy no longer opens', async () => {
    const oldA = await oldFormatServer(A, 'Old A', 'old-a');
    const oldB = await oldFormatServer(B, 'Old B', 'old-b');
    const pendingId = 'oldpending01';
    const now = new Date();
    await cols.pendingServers.insertOne({ _id: pendingId, guildId: A, userId: 'u', serverId: null, input: { ...input('Old P'), password: box.seal('old-p') }, fingerprint: FP, layout: null, createdAt: now, expiresAt: new Date(now.getTime() + 60_000) });
    expect(repo.openPassword((await repo.get(A, oldA))!)).toBe('old-a');
    expect(repo.pending.openPassword(await repo.pending.take(A, 'u', pendingId))).toBe('old-p');
    const before = await repo.countToReseal();
    expect(before).toBeGreaterThanOrEqual(3);
    // Nothing here is sealed with an older key: the start warning (countOldKeys) stays quiet.
    expect(await repo.countOldKeys()).toBe(0);

    expect(await repo.resealOldKeys()).toBe(before);
    for (const [g, id, pw] of [[A, oldA, 'old-a'], [B, oldB, 'old-b']] as const) {
      const raw = await cols.gameServers.findOne({ _id: id });
      expect(raw?.password.aad).toBe(2);
      expect(repo.openPassword((await repo.get(g, id))!)).toBe(pw);
    }
    expect((await cols.pendingServers.findOne({ _id: pendingId }))?.input.password.aad).toBe(2);
    expect(repo.pending.openPassword(await repo.pending.take(A, 'u', pendingId))).toBe('old-p');
    expect(await repo.countToReseal()).toBe(0);
    expect(await repo.resealOldKeys()).toBe(0);

    // Bound now: B's ciphertext copied into A's record fails.
    await cols.gameServers.updateOne({ _id: oldA }, { $set: { password: (await cols.gameServers.findOne({ _id: oldB }))!.password } });
    expect(await opened(A, oldA)).toBeInstanceOf(SecretsError);
    // That one cannot be re-sealed (it is bound to another record): left for the admin, counted as left.
    expect(await repo.resealOldKeys()).toBe(0);
  });
});

describe('the per-guild server limit under concurrent creates', () => {
  const G = '1410000000000000101';
  const H = '1410000000000000102';
  const create = (guildId: string, name: string, limit: number) => repo.create(guildId, 'u', repo.seal(input(name)), FP, null, limit);

  it('saves exactly one of ten creates racing for the last slot, then refuses at the limit', async () => {
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => create(G, `Race ${i}`, 1)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.every((r) => r.reason instanceof ServerLimitReached && r.reason.count === 1)).toBe(true);
    expect(await repo.count(G)).toBe(1);
  });

  it('fills up to the limit exactly with more racers than slots, counting servers saved before slots existed', async () => {
    await oldFormatServer(H, 'Before slots 1', 'x');
    await oldFormatServer(H, 'Before slots 2', 'x');
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => create(H, `Many ${i}`, 5)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(await repo.count(H)).toBe(5);
    // Removing one frees a slot for exactly one of the next racers.
    const [first] = await repo.list(H);
    await repo.remove(H, first!._id);
    const again = await Promise.allSettled(Array.from({ length: 4 }, (_, i) => create(H, `After ${i}`, 5)));
    expect(again.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await repo.count(H)).toBe(5);
  });

  it('a duplicate name is still refused as a name, not as the limit', async () => {
    const [existing] = await repo.list(G);
    await expect(create(G, existing!.name, 99)).rejects.toThrow(/already exists/);
    expect(await repo.count(G)).toBe(1);
  });
});

/**
 * The downgrade marker's reads and writes in GuildConfigRepo, against jongodb: the conditional move that
 * lets one use tell the admins, and no made-up downgrade while MongoDB is unreachable.
 */
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuildConfig } from '../../../src/db/schemas.js';
import { isDatabaseUnavailable } from '../../../src/errors.js';
import { GuildConfigRepo } from '../../../src/repos/guildConfigRepo.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';

const KNOWN = '1540000000000000001';
const NEVER_READ = '1540000000000000002';

let mongo: TestMongo;
let client: MongoClient;
let repo: GuildConfigRepo;

beforeAll(async () => {
  mongo = await startMongo();
  // A client that gives up quickly once the server is gone.
  client = new MongoClient(mongo.uri, { serverSelectionTimeoutMS: 300 });
  // No cache lifetime: every read goes to MongoDB, as an expired entry would.
  repo = new GuildConfigRepo(client.db().collection<GuildConfig>('guild_configs'), 0);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await mongo?.stop();
});

describe('the downgrade marker', () => {
  it('reads as free until recorded, and moves only from the value a caller saw', async () => {
    await repo.update(KNOWN, { premium: { tier: 'pro', expiresAt: null } });
    expect(await repo.standing(KNOWN)).toEqual({ tier: 'pro', seen: 'free', expiresAt: null });
    expect(await repo.moveTierSeen(KNOWN, 'free', 'pro')).toBe(true);
    expect(await repo.moveTierSeen(KNOWN, 'free', 'pro')).toBe(false);
    expect(await repo.standing(KNOWN)).toEqual({ tier: 'pro', seen: 'pro', expiresAt: null });
    const moves = await Promise.all(Array.from({ length: 5 }, () => repo.moveTierSeen(KNOWN, 'pro', 'free')));
    expect(moves.filter(Boolean)).toHaveLength(1);
    // A grant that lapses says when (the reconcile sets its timer for it); a lapsed one reads as free.
    const at = new Date(Date.now() + 60_000);
    await repo.update(KNOWN, { premium: { tier: 'pro', expiresAt: at } });
    expect(await repo.standing(KNOWN)).toEqual({ tier: 'pro', seen: 'free', expiresAt: at });
    expect(await repo.standing(KNOWN, new Date(at.getTime() + 1))).toEqual({ tier: 'free', seen: 'free', expiresAt: null });
    await repo.update(KNOWN, { premium: { tier: 'enterprise', expiresAt: null } });
    expect(await repo.standing(KNOWN)).toEqual({ tier: 'enterprise', seen: 'free', expiresAt: null });
  });

  it('while MongoDB is unreachable: the last known standing, never defaults that would read as a downgrade', async () => {
    await mongo.stop();
    // Operations may first fail on connections the server closed; once those are gone the driver reports
    // the server unreachable, as in a real outage.
    for (let i = 0; i < 20; i++) {
      const err = await client.db().command({ ping: 1 }).then(() => null, (e: unknown) => e);
      if (isDatabaseUnavailable(err)) break;
    }
    expect(await repo.standing(KNOWN)).toEqual({ tier: 'enterprise', seen: 'free', expiresAt: null });
    // Commands still get defaults for a guild never read; the tier check refuses to act on them.
    expect((await repo.get(NEVER_READ)).premium.tier).toBe('free');
    const err = await repo.standing(NEVER_READ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDatabaseUnavailable(err)).toBe(true);
  });
});

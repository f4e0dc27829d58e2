/**
 * Migration 003: the older Python bot's global profiles become per-guild credits, counters and colours, on
 * a real MongoDB-wire server. Run twice it changes nothing the second time; SIGKILLed halfway (a child
 * process, tests/economy/support/migration-runner.ts) and run again, the balances are exactly the
 * expected totals; profiles that cannot be migrated are kept aside with their reasons, and counted.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Int32, Long, type Db, type Document } from 'mongodb';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ensureIndexes } from '../../../src/db/collections.js';
import { runMigrations } from '../../../src/db/migrate.js';
import { MIGRATIONS } from '../../../src/db/migrations/index.js';
import { legacyProfileCollections, migrateLegacyProfiles, MIGRATION_REJECTS, type MigrationReject } from '../../../src/db/migrations/003-legacy-profiles.js';
import { CreditLedger } from '../../../src/economy/ledger.js';
import { startMongo, withDatabase, type TestMongo } from '../../support/mongo.js';

const silent = pino({ level: 'silent' });
const G1 = '1700000000000000001';
const G2 = '1700000000000000002';
const G3 = '1700000000000000003';
const u = (i: number) => `17000000000000001${String(i).padStart(2, '0')}`;
const BLUE = 0x0000ff;

let mongo: TestMongo;
let dbSeq = 0;

beforeAll(async () => {
  mongo = await startMongo();
});
afterAll(() => mongo?.stop());

/** The old bot's profiles: 10 that migrate (one with bad colours and a duplicate), 5 that cannot. */
function legacyProfiles(): Document[] {
  const docs: Document[] = [
    {
      _id: `user:${u(1)}`,
      user_id: Long.fromString(u(1)),
      guilds: [Long.fromString(G1), G2],
      stats: { commands_used: new Int32(40), canvas_pixels_placed: Long.fromNumber(12) },
      inventory: { credits: 500, colors: ['#FF0000', '#00ff00', 'red', '#12345', '#ff0000'] },
    },
    { _id: `user:${u(2)}`, user_id: u(2), guilds: [G2], stats: { commands_used: 3 }, inventory: { credits: 0 } },
    { _id: `user:${u(3)}`, user_id: u(3), guilds: [], inventory: { credits: 50 } },
    { _id: `user:${u(4)}`, user_id: u(4), guilds: [G1], inventory: { credits: -5 } },
    { _id: `user:${u(5)}`, user_id: u(6), guilds: [G1], inventory: { credits: 5 } },
    { _id: `user:${u(6)}`, user_id: u(6), guilds: ['not-a-guild', G3], inventory: { credits: 1.5 } },
    { _id: 'user:abc', user_id: 'abc', guilds: [G1], inventory: { credits: 5 } },
    // Not a profile: never read.
    { _id: 'guild:1', guild_id: G1 },
  ];
  for (let i = 7; i <= 14; i++) {
    docs.push({
      _id: `user:${u(i)}`,
      user_id: Long.fromString(u(i)),
      guilds: i % 2 ? [G1, G3] : [G3, G1],
      stats: { commands_used: i, canvas_pixels_placed: 2 * i },
      inventory: { credits: 100 * i, colors: i % 2 ? [] : ['#0000FF'] },
    });
  }
  return docs;
}

/** Balances, counters and colours the rules give (credits and counters to the first guild, colours to all). */
function expected() {
  const balances: Record<string, number> = { [`${G1}:${u(1)}`]: 500, [`${G1}:${u(7)}`]: 30 + 700 };
  const stats: Record<string, { commandsUsed: number; canvasPixelsPlaced: number; ownedColors?: number[] }> = {
    [`${G1}:${u(1)}`]: { commandsUsed: 40, canvasPixelsPlaced: 12, ownedColors: [0xff0000, 0x00ff00] },
    [`${G2}:${u(1)}`]: { commandsUsed: 0, canvasPixelsPlaced: 0, ownedColors: [0xff0000, 0x00ff00] },
    [`${G2}:${u(2)}`]: { commandsUsed: 3, canvasPixelsPlaced: 0 },
  };
  for (let i = 7; i <= 14; i++) {
    const [home, other] = i % 2 ? [G1, G3] : [G3, G1];
    if (i !== 7) balances[`${home}:${u(i)}`] = 100 * i;
    // Member 7 had used the new bot already: 7 commands, 1 pixel.
    stats[`${home}:${u(i)}`] = { commandsUsed: i + (i === 7 ? 7 : 0), canvasPixelsPlaced: 2 * i + (i === 7 ? 1 : 0), ...(i % 2 ? {} : { ownedColors: [BLUE] }) };
    if (i % 2 === 0) stats[`${other}:${u(i)}`] = { commandsUsed: 0, canvasPixelsPlaced: 0, ownedColors: [BLUE] };
  }
  return { balances, stats };
}

/** A database of its own with the legacy profiles in `users`, and member 7's earlier credits and counters. */
async function freshDb(): Promise<{ db: Db; uri: string }> {
  const name = `mig_${++dbSeq}_${Date.now()}`;
  const db = mongo.client.db(name);
  const cols = collections(db);
  await ensureIndexes(cols);
  await db.collection('users').insertMany(legacyProfiles() as never[]);
  await new CreditLedger({ ledger: cols.creditLedger, balances: cols.creditBalances }).apply({ guildId: G1, key: 'daily:x', reason: 'daily', legs: [{ userId: u(7), amount: 30 }] });
  await cols.memberStats.insertOne({ _id: `${G1}:${u(7)}`, guildId: G1, userId: u(7), commandsUsed: 7, canvasPixelsPlaced: 1 });
  return { db, uri: withDatabase(mongo.uri, name) };
}

async function state(db: Db) {
  const cols = collections(db);
  const balances = Object.fromEntries((await cols.creditBalances.find({}).toArray()).map((b) => [b._id, b.credits]));
  const stats = Object.fromEntries(
    (await cols.memberStats.find({}).toArray()).map((m) => [
      m._id,
      { commandsUsed: m.commandsUsed ?? 0, canvasPixelsPlaced: m.canvasPixelsPlaced ?? 0, ...(m.ownedColors ? { ownedColors: [...m.ownedColors] } : {}) },
    ]),
  );
  const pending = await cols.creditLedger.countDocuments({ state: 'pending' });
  return { balances, stats, pending };
}

function runChild(uri: string, crashAt: string): Promise<{ out: string; signal: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/economy/support/migration-runner.ts')], {
      env: { ...process.env, MONGO_URI: uri, CRASH_AT: crashAt },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (_code, signal) => resolve({ out, signal }));
  });
}

describe('migration 003: legacy profiles', () => {
  it('pays each profile once to its first guild, adds counters, gives colours everywhere; twice changes nothing', async () => {
    const { db } = await freshDb();
    const first = await migrateLegacyProfiles(db, silent);
    expect(first).toEqual({ collections: ['users'], scanned: 15, migrated: 10, alreadyMigrated: 0, rejected: 5, credits: 500 + 100 * (7 + 8 + 9 + 10 + 11 + 12 + 13 + 14), colorsSkipped: 2 });
    const want = expected();
    expect(await state(db)).toEqual({ ...want, pending: 0 });
    const ledger = await collections(db).creditLedger.find({ reason: 'migration' }).toArray();
    expect(ledger.map((e) => e._id).sort()).toEqual([`${G1}|migration:user:${u(1)}`, ...[7, 8, 9, 10, 11, 12, 13, 14].map((i) => `${i % 2 ? G1 : G3}|migration:user:${u(i)}`)].sort());

    // Kept aside, with reasons; the profile with bad colours is migrated and its skipped parts recorded.
    const rejects = await db.collection<MigrationReject>(MIGRATION_REJECTS).find({}).sort({ legacyId: 1 }).toArray();
    expect(rejects.map((r) => [r.legacyId, r.migrated, r.reasons.join('; ')])).toEqual([
      [`user:${u(1)}`, true, 'colour "red" skipped: not #RRGGBB; colour "#12345" skipped: not #RRGGBB'],
      [`user:${u(3)}`, false, 'no valid guild in guilds: nowhere to put per-guild credits and stats'],
      [`user:${u(4)}`, false, 'inventory.credits is not a whole number ≥ 0 (-5)'],
      [`user:${u(5)}`, false, `user_id ${u(6)} does not match the _id`],
      [`user:${u(6)}`, false, 'inventory.credits is not a whole number ≥ 0 (1.5)'],
      ['user:abc', false, '_id is not user:<snowflake>'],
    ]);
    // The original document is kept in full (int64 ids intact).
    expect(String(rejects.find((r) => r.legacyId === `user:${u(6)}`)!.doc.guilds[1])).toBe(G3);

    // Through the migration runner, as at start: applied once, then skipped; nothing moves.
    // Up to 003: later migrations (004 takes the `guild:` fixture kept in `users`) have tests of their own.
    const upTo3 = MIGRATIONS.filter((m) => m.version <= 3);
    expect((await runMigrations(db, upTo3, silent)).applied).toEqual([1, 2, 3]);
    expect((await runMigrations(db, upTo3, silent)).applied).toEqual([]);
    const again = await migrateLegacyProfiles(db, silent);
    expect(again).toMatchObject({ scanned: 15, migrated: 0, alreadyMigrated: 10, rejected: 5 });
    expect(await state(db)).toEqual({ ...want, pending: 0 });
    expect(await db.collection(MIGRATION_REJECTS).countDocuments()).toBe(6);
  });

  it.each([[['document:4']], [['credited:6']], [['inserted:3', 'leg:4']]])(
    'SIGKILLed at %j, then run to completion: the balances are exactly the expected totals',
    { timeout: 60_000 },
    async (crashes) => {
      const { db, uri } = await freshDb();
      for (const at of crashes) {
        const r = await runChild(uri, at);
        expect(r.signal, r.out).toBe('SIGKILL');
        expect(r.out).toContain('CRASH');
      }
      // Halfway: some of it done, not all.
      const half = await state(db);
      const credited = Object.values(half.balances).reduce((a, b) => a + b, 0);
      expect(credited).toBeGreaterThan(30);
      expect(credited).toBeLessThan(Object.values(expected().balances).reduce((a, b) => a + b, 0));
      // The next start completes it (no sweep: a credit a kill left pending is finished by the re-run).
      expect((await runMigrations(db, MIGRATIONS.filter((m) => m.version <= 3), silent)).applied).toContain(3);
      expect(await state(db)).toEqual({ ...expected(), pending: 0 });
      const final = await migrateLegacyProfiles(db, silent);
      expect(final).toMatchObject({ migrated: 0, alreadyMigrated: 10, rejected: 5 });
      expect(await state(db)).toEqual({ ...expected(), pending: 0 });
    },
  );

  it('finds profiles in any collection the server lists, never in the bot’s own', async () => {
    const { db } = await freshDb();
    await db.collection('profiles_old').insertOne({ _id: `user:${u(20)}` } as never);
    await db.collection('member_stats').insertOne({ _id: 'user:stray' } as never);
    const listing = ['users', 'profiles_old', 'member_stats', 'credit_ledger', 'system.views', 'canvases'];
    const lister = { listCollections: () => ({ toArray: async () => listing.map((name) => ({ name })) }), collection: db.collection.bind(db) } as unknown as Db;
    expect(await legacyProfileCollections(lister)).toEqual(['profiles_old', 'users']);
    // jongodb refuses listCollections: the old bot's `users` is read.
    expect(await legacyProfileCollections(db)).toEqual(['users']);
  });
});

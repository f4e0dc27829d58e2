/**
 * Migrations 004 and 005 through the runner (src/db/migrate.ts) on a MongoDB-wire server: on a database
 * where 001–003 ran before them the result is the same as on a fresh one, and SIGKILLed halfway in a child
 * process (tests/db/support/legacy-runner.ts) the next start completes them to exactly the uninterrupted
 * result; no plaintext password left anywhere.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../../src/db/collections.js';
import { runMigrations } from '../../../src/db/migrate.js';
import { MIGRATIONS } from '../../../src/db/migrations/index.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { G, legacyDbs, outcome, PASSWORDS, plaintextLeft, SECRETS_KEY_B64, useSecretsKeyEnv } from '../support/legacy.js';

const silent = pino({ level: 'silent' });
let mongo: TestMongo;
const freshDb = legacyDbs(() => mongo);

beforeAll(async () => {
  mongo = await startMongo();
});
afterAll(() => mongo?.stop());
useSecretsKeyEnv();

function runChild(uri: string, crashAt: string): Promise<{ out: string; signal: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/db/support/legacy-runner.ts')], {
      env: { ...process.env, MONGO_URI: uri, CRASH_AT: crashAt, SECRETS_KEY: SECRETS_KEY_B64 },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (_code, signal) => resolve({ out, signal }));
  });
}

describe('migrations 004 and 005 through the runner', () => {
  it('on a database where 001–003 already ran: the same result as on a fresh one, then nothing to do', async () => {
    const fresh = await freshDb();
    expect((await runMigrations(fresh.db, MIGRATIONS, silent)).applied).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const want = await outcome(fresh.db);

    const upgraded = await freshDb();
    const cols = collections(upgraded.db);
    expect((await runMigrations(upgraded.db, MIGRATIONS.slice(0, 3), silent)).applied).toEqual([1, 2, 3]);
    // What 001 left: default settings only, the password in plaintext.
    expect(await cols.guildConfigs.findOne({ _id: G(1) })).toMatchObject({ timezone: 'UTC', locale: 'en-US' });
    expect(await plaintextLeft(upgraded.db)).toEqual(PASSWORDS);
    expect((await runMigrations(upgraded.db, MIGRATIONS, silent)).applied).toEqual([4, 5, 6, 7, 8, 9]);
    expect(await outcome(upgraded.db)).toEqual(want);
    expect(await cols.guildConfigs.findOne({ _id: G(1) })).toMatchObject({ timezone: 'Europe/Berlin', locale: 'de' });
    // 001's own shape is untouched by 004.
    expect(await cols.guildConfigs.findOne({ _id: G(9) })).toMatchObject({ timezone: 'Europe/Rome', premium: { tier: 'supporter' } });
    expect(await plaintextLeft(upgraded.db)).toEqual([]);
    expect((await runMigrations(upgraded.db, MIGRATIONS, silent)).applied).toEqual([]);
  });

  it.each([['sealed:2'], ['server:1'], ['document:4'], ['copied:2'], ['errdoc:1']])(
    'SIGKILLed at %s, then completed by the next start: exactly the uninterrupted result',
    { timeout: 60_000 },
    async (crashAt) => {
      const reference = await freshDb();
      await runMigrations(reference.db, MIGRATIONS, silent);
      const want = await outcome(reference.db);

      const { db, uri } = await freshDb();
      await runMigrations(db, MIGRATIONS.slice(0, 3), silent);
      const r = await runChild(uri, crashAt);
      expect(r.signal, r.out).toBe('SIGKILL');
      expect(r.out).toContain('CRASH');
      expect((await runMigrations(db, MIGRATIONS, silent)).applied).toEqual([4, 5, 6, 7, 8, 9]);
      expect(await outcome(db)).toEqual(want);
      expect(await plaintextLeft(db)).toEqual([]);
      expect(await collections(db).gameServers.countDocuments({})).toBe(2);
    },
  );
});

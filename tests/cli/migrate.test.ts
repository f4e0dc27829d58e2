/**
 * `npm run migrate -- --dry-run` (src/cli/migrate.ts, run as a process): prints what the pending migrations
 * would do with the old bot's documents and writes nothing, compared over every collection; never prints a
 * password. Then the real run applies them, and a second dry run has nothing left to do.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/bot.js';
import { startMongo, withDatabase, type TestMongo } from '../support/mongo.js';
import { PASSWORDS, SECRETS_KEY_B64, seedLegacy, snapshot } from '../db/support/legacy.js';

let mongo: TestMongo;

beforeAll(async () => {
  mongo = await startMongo();
});
afterAll(() => mongo?.stop());

function migrateCli(uri: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src', 'cli', 'migrate.ts'), ...args], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/root',
        MONGODB_URI: uri,
        DISCORD_TOKEN: 'dry-run-token',
        DISCORD_APPLICATION_ID: '1710000000000000099',
        SECRETS_KEY: SECRETS_KEY_B64,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('npm run migrate -- --dry-run', () => {
  it('prints the plan, writes nothing; the real run then applies it', { timeout: 60_000 }, async () => {
    const db = mongo.client.db('dryrun');
    await seedLegacy(db);
    const uri = withDatabase(mongo.uri, 'dryrun');
    const before = await snapshot(db);

    const dry = await migrateCli(uri, ['--dry-run']);
    expect(dry.code, dry.out).toBe(0);
    expect(await snapshot(db)).toEqual(before);
    const out = dry.out;
    expect(out).toMatch(/^Dry run: nothing was written\. Already applied: none\./m);
    expect(out).toMatch(/^Would apply 001 legacy-guilds: runs as a whole \(it has no dry-run plan\)/m);
    expect(out).toContain(
      'Would apply 004 legacy-guild-settings: 8 old guild document(s) in guilds: 6 to migrate, 0 already done, 2 to keep aside; 5 plaintext password(s) to seal; ' +
        '2 game server(s) to create (awaiting host-key trust), 2 SFTP integration(s) to keep aside, 1 disabled',
    );
    expect(out).toMatch(/guilds:guild:1710000000000000001 → guild 1710000000000000001: password sealed; game server "sftp\.example\.com" \(sftp\.example\.com:22, root \/logs\) awaiting host-key trust; guild config created, timezone Europe\/Berlin, locale de/);
    expect(out).toContain('guilds:guild:not-a-guild: kept aside: _id is not guild:<Discord id>');
    expect(out).toContain('Would apply 005 legacy-errors: 5 old error record(s) in errors, users: 3 to copy to legacy_errors, 0 already there, 2 to keep aside; 4 to remove from errors');
    expect(out).toContain('errors:error:bad0time: kept aside: timestamp "yesterday-ish" is not a date');
    for (const p of PASSWORDS) expect(out).not.toContain(p);

    const real = await migrateCli(uri, []);
    expect(real.out).toContain('Applied: 1, 2, 3, 4, 5, 6, 7, 8, 9; already applied: none.');
    expect(await snapshot(db)).not.toEqual(before);
    const after = await snapshot(db);
    const again = await migrateCli(uri, ['--dry-run']);
    expect(again.out).toMatch(/Already applied: 1, 2, 3, 4, 5, 6, 7, 8, 9\.\nNothing to apply\./);
    expect(await snapshot(db)).toEqual(after);
  });
});

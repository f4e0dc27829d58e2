import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { ErrorTelemetry } from '../../src/services/errorTelemetry.js';
import { UserError } from '../../src/errors.js';
import { msg } from '../../src/i18n/message.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const GUILD_A = '100000000000000001';
const silent = pino({ level: 'silent' });

let mongo: TestMongo;
let cols: Collections;

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
});
afterAll(() => mongo?.stop());

describe('ErrorTelemetry', () => {
  it('stores scrubbed errors under a short id and groups them by fingerprint', async () => {
    const telemetry = new ErrorTelemetry(cols.errors, silent, ['super-secret-token-value']);
    telemetry.addSecret('hunter2-password');
    const make = (n: number) => new Error(`login failed for user 1234${n} with password=hunter2-password token super-secret-token-value`);
    const id1 = await telemetry.record(make(1), { guildId: GUILD_A, userId: '1', command: 'server add' });
    const id2 = await telemetry.record(make(2), { guildId: GUILD_A, userId: '1', command: 'server add' });
    expect(id1).toMatch(/^E-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(id1).not.toBe(id2);
    const stored = await telemetry.find(id1.toLowerCase());
    expect(stored?.message).not.toContain('hunter2');
    expect(stored?.message).not.toContain('super-secret-token-value');
    expect(JSON.stringify(stored)).not.toContain('hunter2');
    expect(stored?.fingerprint).toBe((await telemetry.find(id2))?.fingerprint);
    expect(stored?.fingerprint).not.toBe(telemetry.fingerprint(new UserError(msg('error.guildOnly'))));
  });
});

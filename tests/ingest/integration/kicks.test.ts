/**
 * Kicks from Deadside.log through the real ingest path (in-memory game server → IngestEngine → jongodb):
 * each kick of the fixture log reaches the engine's `onKicks` hook with its player and reason, and, as the
 * app wires it, lands in the audit log as kind `kicks` with no actor.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/audit/auditLog.js';
import { collections } from '../../../src/db/collections.js';
import { IngestEngine } from '../../../src/ingest/index.js';
import { kicksToAudit, type KickRecord } from '../../../src/ingest/kicks.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { LOG_FIXTURE } from '../../support/fixtures.js';
import { restFor, silentLogger } from '../helpers.js';
import { MemRemote } from '../memRemote.js';

const GUILD = '1430000000000000100';
let mongo: TestMongo;

beforeAll(async () => {
  mongo = await startMongo();
});

afterAll(async () => {
  await mongo?.stop();
});

describe('kicks', () => {
  it('hands each Deadside.log kick to the hook, which records it in the audit log', async () => {
    const text = await readFile(LOG_FIXTURE, 'utf8');
    const kickLines = text.split('\n').filter((l) => l.includes('[ASFPSGameSession::KickPlayer]'));
    const remote = new MemRemote();
    remote.put('k/Logs/Deadside.log', text);
    const audit = new AuditLog(collections(mongo.db).auditLog, silentLogger);
    const seen: KickRecord[] = [];
    const engine = new IngestEngine({
      db: mongo.db,
      remote,
      rest: restFor('http://127.0.0.1:9/api', 'unused'),
      logger: silentLogger,
      // As src/app.ts wires it.
      onKicks: async (guildId, serverId, kicks) => {
        seen.push(...kicks);
        await kicksToAudit(audit)(guildId, serverId, kicks);
      },
    });
    engine.setTarget({ guildId: GUILD, serverId: 'k', poolKey: 'k', settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null }, channels: {}, paths: { serverLog: 'k/Logs/Deadside.log' }, pollSeconds: 3600 });
    const r = await engine.pollNow('k');
    expect(r.ok).toBe(true);
    expect(kickLines.length).toBeGreaterThan(0);
    expect(seen).toHaveLength(kickLines.length);
    expect(seen[0]).toMatchObject({ player: 'KT93141', playerId: 'f29d0da9953f48f1a09f76b5a170b338', reason: 'Kicked by admin' });
    const page = await audit.page(GUILD, { kind: 'kicks' }, 0);
    expect(page.total).toBe(kickLines.length);
    expect(page.entries.find((e) => e.target === 'KT93141')).toMatchObject({ actorId: null, action: 'kick', changes: { reason: 'Kicked by admin' } });
    // Nothing new read, no kick handed over again.
    await engine.pollNow('k');
    expect(seen).toHaveLength(kickLines.length);
    // A replayed batch hands its kicks over again: each is still recorded once.
    await kicksToAudit(audit)(GUILD, 'k', seen);
    expect((await audit.page(GUILD, { kind: 'kicks' }, 0)).total).toBe(kickLines.length);
  });
});

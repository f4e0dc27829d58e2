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
    // The log fixture (real where ../shared exists, generated otherwise) plus two kicks of the test's own.
    const own = [
      '[2099.01.01-00.00.01:000][  1]LogSFPS: Error: [ASFPSGameSession::KickPlayer] Login = Kicked One, SteamId = |0123456789abcdef0123456789abcdef, Msg = Kicked by admin',
      '[2099.01.01-00.00.02:000][  2]LogSFPS: Error: [ASFPSGameSession::KickPlayer] Login = Kicked Two, SteamId = |fedcba9876543210fedcba9876543210, Msg = Ping too high',
    ];
    const base = await readFile(LOG_FIXTURE, 'utf8');
    const text = `${base.endsWith('\n') ? base : `${base}\n`}${own.join('\n')}\n`;
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
    expect(seen.at(-2)).toMatchObject({ player: 'Kicked One', playerId: '0123456789abcdef0123456789abcdef', reason: 'Kicked by admin' });
    const page = await audit.page(GUILD, { kind: 'kicks' }, 0);
    expect(page.total).toBe(kickLines.length);
    expect(page.entries.find((e) => e.target === 'Kicked Two')).toMatchObject({ actorId: null, action: 'kick', changes: { reason: 'Ping too high' } });
    // Nothing new read, no kick handed over again.
    await engine.pollNow('k');
    expect(seen).toHaveLength(kickLines.length);
    // A replayed batch hands its kicks over again: each is still recorded once.
    await kicksToAudit(audit)(GUILD, 'k', seen);
    expect((await audit.page(GUILD, { kind: 'kicks' }, 0)).total).toBe(kickLines.length);
  });
});

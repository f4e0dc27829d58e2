/**
 * The audit log on a MongoDB-wire server: entries stored scrubbed, pages newest first as indexed
 * ranges (sort + skip + limit on one of the guild's indexes), filtered by actor and kind, a failed write
 * never thrown, the 180-day TTL index. clampPage is the pure part.
 */
import { MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_MAX_PAGE_SIZE, AUDIT_RETENTION_DAYS, AuditLog, clampPage } from '../../src/audit/auditLog.js';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import type { Logger } from '../../src/logger.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const G = '900000000000000001';
const OTHER = '900000000000000002';
const A1 = '800000000000000001';
const A2 = '800000000000000002';
let mongo: TestMongo;
let monitored: MongoClient;
let db: Db;
let cols: Collections;
let log: AuditLog;
const commands: CommandStartedEvent[] = [];
const warnings: string[] = [];
const logger = { warn: (obj: unknown, message?: string) => warnings.push(`${JSON.stringify(obj)} ${message}`) } as unknown as Logger;

beforeAll(async () => {
  mongo = await startMongo();
  monitored = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
  monitored.on('commandStarted', (e) => commands.push(e));
  db = monitored.db(mongo.db.databaseName);
  cols = collections(db);
  await ensureIndexes(cols);
  log = new AuditLog(cols.auditLog, logger);
});
afterAll(async () => {
  await monitored?.close();
  await mongo?.stop();
});

describe('clampPage', () => {
  it('keeps a page within the pages there are (0 for an empty list)', () => {
    expect(clampPage(0, 0, 10)).toBe(0);
    expect(clampPage(5, 0, 10)).toBe(0);
    expect(clampPage(-3, 25, 10)).toBe(0);
    expect(clampPage(1, 25, 10)).toBe(1);
    expect(clampPage(2, 25, 10)).toBe(2);
    expect(clampPage(3, 25, 10)).toBe(2);
    expect(clampPage(99, 20, 10)).toBe(1);
    expect(clampPage(Number.NaN, 20, 10)).toBe(0);
    expect(clampPage(1.7, 20, 10)).toBe(1);
  });
});

describe('AuditLog', () => {
  it('has the guild, kind and actor indexes and a 180-day TTL', async () => {
    const indexes = await db.collection('audit_log').listIndexes().toArray();
    const byName = new Map(indexes.map((i) => [i.name as string, i]));
    expect(byName.get('guild_at')?.key).toEqual({ guildId: 1, at: -1, _id: -1 });
    expect(byName.get('guild_kind_at')?.key).toEqual({ guildId: 1, kind: 1, at: -1, _id: -1 });
    expect(byName.get('guild_actor_at')?.key).toEqual({ guildId: 1, actorId: 1, at: -1, _id: -1 });
    expect(byName.get('expire_180d')?.expireAfterSeconds).toBe(AUDIT_RETENTION_DAYS * 86_400);
  });

  it('stores an entry without secrets, and pages newest first filtered by actor and kind', async () => {
    await log.record({ guildId: G, actorId: A1, kind: 'servers', action: 'server.trust', target: 'EU #1', changes: { address: '10.0.0.1:22', password: 'hunter2', sftpPassword: 'hunter2' } });
    const start = Date.now();
    const seeded = Array.from({ length: 23 }, (_, i) => ({
      _id: `seed${String(i).padStart(2, '0')}`,
      guildId: G,
      actorId: i % 2 ? A1 : A2,
      kind: i % 3 ? ('settings' as const) : ('canvas' as const),
      action: i % 3 ? 'settings.set' : 'canvas.lock',
      at: new Date(start + (i + 1) * 1000),
    }));
    await cols.auditLog.insertMany(seeded);
    await cols.auditLog.insertOne({ _id: 'other', guildId: OTHER, actorId: A1, kind: 'settings', action: 'settings.set', at: new Date(start + 60_000) });

    const stored = await db.collection('audit_log').findOne({ action: 'server.trust' });
    expect(stored).toMatchObject({ guildId: G, actorId: A1, kind: 'servers', target: 'EU #1', changes: { address: '10.0.0.1:22' }, dataVersion: 1 });
    expect(JSON.stringify(stored)).not.toMatch(/hunter2|assword/);

    commands.length = 0;
    const first = await log.page(G, {}, 0);
    expect(first.total).toBe(24);
    expect(first.current).toBe(0);
    expect(first.entries.map((e) => e._id)).toEqual(seeded.slice(13).reverse().map((s) => s._id));
    // One count and one find, both bounded: the find sorts on the index's order and reads a page.
    const find = commands.find((c) => c.commandName === 'find')!.command;
    expect(Object.fromEntries(find.sort instanceof Map ? find.sort : Object.entries(find.sort))).toEqual({ at: -1, _id: -1 });
    expect(find.limit).toBe(10);
    expect(find.skip ?? 0).toBe(0);
    expect(commands.filter((c) => c.commandName === 'find' || c.commandName === 'aggregate')).toHaveLength(2);

    const last = await log.page(G, {}, 99);
    expect(last.current).toBe(2);
    expect(last.entries.map((e) => e.action).at(-1)).toBe('server.trust');
    expect(last.entries).toHaveLength(4);

    commands.length = 0;
    const byActor = await log.page(G, { actorId: A1 }, 0, 100);
    // A page size past the bound is clamped to it.
    expect(commands.find((c) => c.commandName === 'find')!.command.limit).toBe(AUDIT_MAX_PAGE_SIZE);
    expect(byActor.entries).toHaveLength(12);
    expect(byActor.total).toBe(12);
    expect(byActor.entries.every((e) => e.actorId === A1)).toBe(true);

    const canvasOfA2 = await log.page(G, { actorId: A2, kind: 'canvas' }, 0);
    expect(canvasOfA2.entries.map((e) => e._id)).toEqual(seeded.filter((s) => s.actorId === A2 && s.kind === 'canvas').reverse().map((s) => s._id));
    expect((await log.page(OTHER, {}, 0)).entries.map((e) => e._id)).toEqual(['other']);
    expect(await log.page('900000000000000009', { kind: 'kicks' }, 3)).toEqual({ entries: [], total: 0, current: 0 });
  });

  it('never throws into the action: a failed write is a warning naming no secret', async () => {
    const broken = new AuditLog(cols.auditLog, logger);
    // An entry the schema refuses (no such kind) stands for any failed write.
    await expect(broken.record({ guildId: G, actorId: A1, kind: 'nope' as 'servers', action: 'kick', changes: { password: 'hunter2' } })).resolves.toBeUndefined();
    expect(warnings.some((w) => w.includes('audit entry not recorded'))).toBe(true);
    expect(warnings.join('\n')).not.toContain('hunter2');
  });
});

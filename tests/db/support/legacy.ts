/** The old Python bot's documents (guild settings with SFTP integrations, error records), for the legacy tests. */
import { Int32, Long, type Db, type Document } from 'mongodb';
import { afterEach, beforeEach } from 'vitest';
import { collections, COLLECTION_NAMES, ensureIndexes } from '../../../src/db/collections.js';
import { LEGACY_COLLECTIONS, MIGRATION_REJECTS } from '../../../src/db/legacy.js';
import { withDatabase, type TestMongo } from '../../support/mongo.js';

export const G = (i: number) => `17100000000000000${String(i).padStart(2, '0')}`;
/** Plaintext SFTP passwords of the old documents: none may be left anywhere after a migration. */
export const PASSWORDS = ['pw-one-Plain!', 'pw-two-Plain!', 'pw-four-Plain!', 'pw-five-Plain!', 'pw-six-Plain!'];
export const SECRETS_KEY_B64 = Buffer.alloc(32, 11).toString('base64');

const sftp = (over: Document) => ({ enabled: true, host: 'sftp.example.com', port: 22, username: 'user', password: PASSWORDS[0], base_path: '/logs', ...over });

/** 8 `guild:` documents (6 migrate, 2 cannot), plus one of the shape migration 001 reads (no prefix). */
export function legacyGuilds(): Document[] {
  return [
    { _id: `guild:${G(1)}`, guild_id: G(1), name: 'Guild One', settings: { prefix: '!', language: 'de', timezone: 'Europe/Berlin', premium: false }, integrations: { sftp: sftp({}) } },
    {
      _id: `guild:${G(2)}`,
      guild_id: Long.fromString(G(2)),
      name: 'Guild Two',
      settings: { prefix: '?', language: 'en', timezone: 'America/New_York', premium: false },
      integrations: { sftp: sftp({ host: '10.1.2.3', port: new Int32(2222), username: 'gs', password: PASSWORDS[1], base_path: undefined }) },
    },
    // guild_id missing (taken from the _id); an integration without host and password.
    { _id: `guild:${G(3)}`, name: 'Guild Three', settings: { timezone: 'UTC' }, integrations: { sftp: { enabled: true, port: 22, username: 'u' } } },
    { _id: `guild:${G(4)}`, guild_id: G(4), settings: { timezone: 'Asia/Tokyo' }, integrations: { sftp: sftp({ port: 70000, password: PASSWORDS[2] }) } },
    { _id: `guild:${G(5)}`, guild_id: G(5), settings: {}, integrations: { sftp: sftp({ enabled: false, password: PASSWORDS[3] }) } },
    // Not convertible: a non-snowflake id (its password is still sealed), a guild_id contradicting the _id.
    { _id: 'guild:not-a-guild', guild_id: 'not-a-guild', integrations: { sftp: sftp({ password: PASSWORDS[4] }) } },
    { _id: `guild:${G(7)}`, guild_id: G(8), settings: { timezone: 'Europe/Paris' } },
    { _id: `guild:${G(8)}`, guild_id: G(8), settings: { timezone: 'Mars/Olympus', language: 'tlh', premium: true } },
    // Migration 001's shape: not a `guild:` document.
    { guild_id: Long.fromString(G(9)), premium_tier: 1, timezone: 'Europe/Rome' },
  ];
}

export function legacyErrors(): Document[] {
  return [
    {
      _id: 'error:abcdef1234567890',
      id: 'abcdef1234567890',
      timestamp: '2025-05-01T12:00:00Z',
      category: 'sftp',
      error_type: 'ConnectionError',
      error_message: 'Connection refused',
      fingerprint: 'sftp:connection:1',
      context: { guild_id: G(1), user_id: G(11) },
    },
    { _id: 'error:bad0time', id: 'bad0time', timestamp: 'yesterday-ish', category: 'sftp', error_type: 'X', error_message: 'y', fingerprint: 'f', context: {} },
    { _id: 'error:fedcba0987654321', id: 'fedcba0987654321', timestamp: new Date().toISOString(), category: 'canvas', error_type: 'ValueError', error_message: 'bad pixel', fingerprint: 'canvas:1', context: { guild_id: 'abc', command: 'canvas' } },
    { _id: 'error:nocontext01', timestamp: '2024-01-01T00:00:00Z', error_type: 'KeyError', error_message: 'k' },
    { _id: 'error:mismatch01', id: 'other', timestamp: '2024-01-01T00:00:00Z' },
  ];
}

/** The bot's own error record, which must stay where it is. */
export const OWN_ERROR = { _id: 'E-ABCD', guildId: G(1), userId: null, command: 'ping', category: 'internal', fingerprint: 'fp', name: 'Error', message: 'm', at: new Date() };

export async function seedLegacy(db: Db): Promise<void> {
  await db.collection('guilds').insertMany(legacyGuilds() as never[]);
  await db.collection('errors').insertMany([...legacyErrors().slice(0, 4), OWN_ERROR] as never[]);
  // Another of the old bot's collections: found by prefix too, and left where it is.
  await db.collection('users').insertMany([legacyErrors()[4]!, { _id: 'user:x' }] as never[]);
}

/** Every collection a migration could touch (jongodb cannot list them). */
export function allCollections(): string[] {
  return [...new Set([...Object.values(COLLECTION_NAMES), ...LEGACY_COLLECTIONS, MIGRATION_REJECTS])].sort();
}

/** Every document of every collection, sorted, as EJSON-ish text. */
export async function snapshot(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of allCollections()) {
    const docs = await db.collection(name).find({}).toArray();
    docs.sort((a, b) => String(a._id).localeCompare(String(b._id)));
    out[name] = JSON.stringify(docs);
  }
  return out;
}

/** The state that matters, without times and random parts: equal after any path to completion. */
export async function outcome(db: Db): Promise<Record<string, unknown>> {
  // Seals have a random IV: compared by kind only (their plaintext is checked apart).
  const sealed = (g: Document | undefined) => (g?.integrations?.sftp ? { ...g, integrations: { ...g.integrations, sftp: { ...g.integrations.sftp, password: typeof g.integrations.sftp.password } } } : g);
  const strip = (d: Document) => {
    const { createdAt: _c, updatedAt: _u, at: _a, importedAt: _i, password: _p, ...rest } = d;
    if (rest.doc) rest.doc = sealed(rest.doc);
    if (rest.status?.migrated) rest.status = { ...rest.status, migrated: { ...rest.status.migrated, at: undefined } };
    // Migration 008 expires 001's permanent premium from the moment 001 ran: a time, compared by kind.
    if (rest.premium?.expiresAt instanceof Date) rest.premium = { ...rest.premium, expiresAt: 'date' };
    return rest;
  };
  const read = async (name: string) => (await db.collection(name).find({}).toArray()).map(strip).sort((a, b) => String(a._id).localeCompare(String(b._id)));
  const guilds = (await db.collection('guilds').find({}).toArray()).map((g) => ({ _id: String(g._id).startsWith('guild:') ? g._id : 'other', sftp: g.integrations?.sftp ? { ...g.integrations.sftp, password: typeof g.integrations.sftp.password } : null }));
  return {
    configs: await read(COLLECTION_NAMES.guildConfigs),
    servers: await read(COLLECTION_NAMES.gameServers),
    legacyErrors: await read(COLLECTION_NAMES.legacyErrors),
    errors: await read('errors'),
    users: await read('users'),
    rejects: await read(MIGRATION_REJECTS),
    guilds: guilds.sort((a, b) => String(a._id).localeCompare(String(b._id))),
  };
}

/** A fresh database on the test file's server at each call: indexed, then seeded with the old documents. */
export function legacyDbs(mongo: () => TestMongo): () => Promise<{ db: Db; uri: string }> {
  let dbSeq = 0;
  return async () => {
    const name = `legacy_${++dbSeq}_${Date.now()}`;
    const db = mongo().client.db(name);
    await ensureIndexes(collections(db));
    await seedLegacy(db);
    return { db, uri: withDatabase(mongo().uri, name) };
  };
}

/** Every document of every collection as text: no plaintext password may appear in any of them. */
export async function plaintextLeft(db: Db): Promise<string[]> {
  let all = '';
  for (const name of allCollections()) all += JSON.stringify(await db.collection(name).find({}).toArray());
  return PASSWORDS.filter((p) => all.includes(p));
}

/** runMigrations reads SECRETS_KEY from the environment, as the bot and `npm run migrate` do: set for each test, restored after. */
export function useSecretsKeyEnv(): void {
  const savedKey = process.env.SECRETS_KEY;
  beforeEach(() => void (process.env.SECRETS_KEY = SECRETS_KEY_B64));
  afterEach(() => {
    if (savedKey === undefined) delete process.env.SECRETS_KEY;
    else process.env.SECRETS_KEY = savedKey;
  });
}

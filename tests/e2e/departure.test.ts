/**
 * Leaving a guild through the real bot and the double: an outage (GUILD_DELETE with `unavailable`)
 * changes nothing; a removal stops polling and deletes the guild's SFTP passwords at once, keeping the
 * rest; a re-invite keeps it, and the server waits for its password again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../src/db/collections.js';
import { SecretBox } from '../../src/security/secrets.js';
import { ServerRepo } from '../../src/servers/repo.js';
import { DiscordDouble, type GuildDef } from '../support/discord-double/index.js';
import { startBotProcess, TEST_SECRETS_KEY, type BotProcess } from '../support/bot.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const APP = '1900000000000000001';
const STAYS = '1900000000000000100';
const LEAVES = '1900000000000000200';
const ADMIN = '1900000000000000301';

let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;
const serverOf: Record<string, string> = {};

const guild = (id: string, name: string): GuildDef => ({
  id,
  name,
  ownerId: ADMIN,
  channels: [{ id: `${id.slice(0, -3)}111`, name: 'general', type: 'text' }],
  members: [{ id: ADMIN, username: 'admin', manageGuild: true }],
});
const server = (guildId: string) => mongo.db.collection('game_servers').findOne({ _id: serverOf[guildId] as never });

async function until<T>(probe: () => Promise<T | undefined>, ms: number, label: string): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${label}`);
}

beforeAll(async () => {
  mongo = await startMongo();
  double = await DiscordDouble.start({ applicationId: APP, botUserId: '1900000000000000002', token: 'departure-token', guilds: [guild(STAYS, 'Stays'), guild(LEAVES, 'Leaves')] });
  const cols = collections(mongo.db);
  const repo = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(TEST_SECRETS_KEY));
  for (const g of [STAYS, LEAVES]) {
    // A loopback host the bot's host guard refuses (private hosts are off): no connection is ever made.
    const input = { name: 'EU One', host: '127.0.0.1', port: 9, username: 'u', password: 'hunter2-secret', root: '/', legacyAlgorithms: false };
    serverOf[g] = (await repo.create(g, ADMIN, repo.seal(input), 'SHA256:test', null))._id;
  }
  await mongo.db.collection('ingest_stats').insertOne({ _id: 'kept-stat' as never, guildId: LEAVES, serverId: serverOf[LEAVES], type: 'server' });
  bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await mongo?.stop();
});

expectEveryRequestHandled(() => double);

describe('leaving a guild', () => {
  it('an outage (unavailable) keeps everything', async () => {
    const before = await server(STAYS);
    double.dispatch('GUILD_DELETE', { id: STAYS, unavailable: true });
    // The gateway delivers in order: once a later interaction is answered, the outage was handled.
    await (await double.slash({ guildId: LEAVES, userId: ADMIN, command: 'about' })).reply();
    const after = await server(STAYS);
    expect(after?.password).toEqual(before?.password);
    expect(after?.status.credentialsUnreadable).toBeNull();
    expect(await mongo.db.collection('guild_departures').countDocuments({})).toBe(0);
  });

  it('a removal deletes the passwords at once and keeps the rest; a re-invite keeps it and asks for the password', async () => {
    const sealed = (await server(LEAVES))?.password as { kid: string; ct: string };
    double.removeGuild(LEAVES);
    const gone = await until(async () => {
      const s = await server(LEAVES);
      return s?.password.kid === 'removed' ? s : undefined;
    }, 10_000, 'the password deleted');
    expect(gone.password.ct).toBe('');
    expect(JSON.stringify(gone)).not.toContain(sealed.ct);
    expect(gone.status.lastError).toMatch(/password deleted when the bot left/);
    // Recorded right after the passwords are gone and the guild's servers reconciled (passwords first: a crash
    // between the two must not leave a secret behind).
    const departure = await until(async () => (await mongo.db.collection('guild_departures').findOne({ _id: LEAVES as never })) ?? undefined, 10_000, 'the departure recorded');
    expect(departure).toMatchObject({ leftAt: expect.any(Date) });
    expect(await mongo.db.collection('ingest_stats').countDocuments({ guildId: LEAVES })).toBe(1);
    // The other guild is untouched.
    expect((await server(STAYS))?.password.kid).not.toBe('removed');

    double.addGuild(guild(LEAVES, 'Leaves'));
    await until(async () => ((await mongo.db.collection('guild_departures').countDocuments({})) === 0 ? true : undefined), 10_000, 'the departure cleared');
    expect(await server(LEAVES)).toMatchObject({ name: 'EU One', status: { credentialsUnreadable: expect.any(Date) } });
    const list = await (await double.slash({ guildId: LEAVES, userId: ADMIN, command: 'server', subcommand: 'list' })).reply();
    expect(JSON.stringify(list.embeds)).toContain('password deleted when the bot left');
    expect(bot.output()).not.toContain('hunter2-secret');
  });
});

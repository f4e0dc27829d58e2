/**
 * The Steam server query end to end: the real bot process against the Discord double and a MongoDB-wire
 * server, with a real A2S responder on loopback. `/server settings query_port:` refuses the loopback
 * address without ALLOW_PRIVATE_SFTP_HOSTS; with it, the bot's poller asks the responder (challenge step
 * included) and `/server list` shows its player count; `query_port:0` turns the query off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServerSchema } from '../../src/db/schemas.js';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';
import { A2sResponder } from '../query/responder.js';

const APP = '1310000000000000001';
const GUILD = '1310000000000000100';
const GENERAL = '1310000000000000110';
const ADMIN = '1310000000000000301';
const SERVER = 'qsrv0001';

let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess | undefined;
let responder: A2sResponder;

const text = (m: DoubleMessage) => [m.content, ...m.embeds.flatMap((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])].filter(Boolean).join('\n');
const servers = () => mongo.db.collection('game_servers');
const startBot = (env: Record<string, string | undefined>) => startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env });
const settings = (options: Record<string, string | number>) => double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'settings', options: { server: SERVER, ...options } }).then((ix) => ix.reply(15_000));

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  mongo = await startMongo();
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1310000000000000002',
    token: 'query-e2e-token',
    defaultTimeoutMs: 15_000,
    guilds: [{ id: GUILD, name: 'Deadside EU', ownerId: ADMIN, channels: [{ id: GENERAL, name: 'general', type: 'text' }], members: [{ id: ADMIN, username: 'admin', manageGuild: true }] }],
  });
  responder = await new A2sResponder({ name: 'EU One | PvP', map: 'Forest', players: 23, maxPlayers: 60, version: '1.3.0.2' }).start();
  // A server whose logs are not polled (paused): only the query speaks for it.
  const now = new Date();
  await servers().insertOne(
    gameServerSchema.parse({
      _id: SERVER,
      guildId: GUILD,
      name: 'EU One',
      host: '127.0.0.1',
      port: 22,
      username: 'deadside',
      password: { v: 1, kid: 'k', iv: 'i', tag: 't', ct: 'c' },
      settings: { pollSeconds: 0, killfeedDelaySeconds: 0, showSuicides: true, paused: true, killfeedStyle: 'rich', longshotMetres: 250 },
      createdBy: ADMIN,
      createdAt: now,
      updatedAt: now,
    }) as never,
  );
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await responder?.stop();
  await double?.stop();
  await mongo?.stop();
});

expectEveryRequestHandled(() => double);

describe('/server settings query_port', () => {
  it('refuses a loopback address without ALLOW_PRIVATE_SFTP_HOSTS, and nothing is asked', async () => {
    bot = await startBot({ ALLOW_PRIVATE_SFTP_HOSTS: undefined });
    const reply = await settings({ query_port: responder.port });
    expect(text(reply)).toMatch(/a loopback address: only public addresses are allowed/);
    expect((await servers().findOne({ _id: SERVER as never }))?.settings.queryPort).toBeUndefined();
    expect(responder.requests).toBe(0);
    await bot.stop();
    bot = undefined;
  }, 60_000);

  it('with the flag, the bot asks the server and /server list shows its count; 0 turns it off', async () => {
    bot = await startBot({ ALLOW_PRIVATE_SFTP_HOSTS: 'true' });
    expect(text(await settings({ query_port: responder.port }))).toContain(`**Server query:** port ${responder.port}`);
    const stored = await until(
      () => servers().findOne({ _id: SERVER as never }),
      (s) => s?.query?.online === 23,
    );
    expect(stored?.query).toMatchObject({ online: 23, max: 60, name: 'EU One | PvP', map: 'Forest', version: '1.3.0.2', misses: 0, down: false });
    expect(responder.answered).toBeGreaterThanOrEqual(1);

    const list = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'list' }).then((ix) => ix.reply(15_000));
    expect(text(list)).toContain('Query: 23/60 players · Forest · 1.3.0.2');

    expect(text(await settings({ query_port: 0 }))).toContain('**Server query:** off');
    const off = await servers().findOne({ _id: SERVER as never });
    expect(off?.settings.queryPort).toBeNull();
    expect(off?.query).toBeUndefined();
    expect(double.schemaViolations).toEqual([]);
  }, 60_000);
});

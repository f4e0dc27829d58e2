/**
 * A likely wipe end to end: a game server (real sshd) whose killfeed begins a new world_N folder gets one
 * notice in its events channel asking whether to start a season; its button is for admins only and
 * opens `/season start`'s prompt. Read with `/server backfill`, twice: the notice is not repeated.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { addAndTrust, customIds, sshdFields } from '../support/serverFlow.js';
import { startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1520000000000000001';
const GUILD = '1520000000000000100';
const GENERAL = '1520000000000000110';
const EVENTS = '1520000000000000112';
const ADMIN = '1520000000000000301';
const MEMBER = '1520000000000000302';
const DEATHLOGS = '79.127.236.1_7020/actual1/deathlogs';

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;
let serverId = '';

async function backfill(): Promise<DoubleMessage> {
  const ix = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'backfill', options: { server: serverId } });
  return ix.waitForReply((m) => /^(✅|⚠️)/.test(m.content ?? ''), 30_000);
}

const notices = () => double.channelMessages(EVENTS).filter((m) => customIds(m).some((id) => id.startsWith('season:ask:')));

beforeAll(async () => {
  [sshd, mongo] = await Promise.all([startSshd({ tree: (root) => writeDeadsideTree(root, { realCsvs: false }).then(() => undefined) }), startMongo()]);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1520000000000000002',
    token: 'new-world-test-token',
    defaultTimeoutMs: 20_000,
    guilds: [
      {
        id: GUILD,
        name: 'Deadside Wipes',
        ownerId: ADMIN,
        channels: [
          { id: GENERAL, name: 'general', type: 'text' },
          { id: EVENTS, name: 'events', type: 'text' },
        ],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: MEMBER, username: 'member' },
        ],
      },
    ],
  });
  bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true' } });
  await addAndTrust(double, GUILD, ADMIN, sshdFields(sshd, 'EU One'));
  serverId = String((await mongo.db.collection('game_servers').findOne({ guildId: GUILD }))!._id);
  await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'channels', options: { server: serverId, events: EVENTS } })).reply();
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

describe('a new world folder', () => {
  it('asks the admins once whether to start a season, not for the first world', async () => {
    await backfill();
    expect(notices()).toHaveLength(0);
    const world = path.join(sshd.root, DEATHLOGS, 'world_1');
    await mkdir(world, { recursive: true });
    await writeFile(path.join(world, '2025.06.01-00.00.00.csv'), '2025.06.01-00.07.23;A;00024d4be1e44ba0aa342b39b0fb9937;B;00022ba2df89427c8a252ab6be1df3f3;M99;152;PS5;XSX;\n');
    await backfill();
    const notice = await double.waitUntil(() => notices()[0], 10_000, 'new world notice');
    expect(notice.embeds[0]?.title).toBe('🌍 New world on EU One: world_1');
    await backfill();
    await new Promise((r) => setTimeout(r, 300));
    expect(notices()).toHaveLength(1);
  });

  it('opens the season prompt for an admin, and refuses a member', async () => {
    const notice = notices()[0]!;
    const ask = customIds(notice).find((id) => id.startsWith('season:ask:'))!;
    const refused = await (await double.clickButton({ guildId: GUILD, userId: MEMBER, message: notice, customId: ask })).reply();
    expect(refused.flags! & 64).toBe(64);
    expect(customIds(refused)).toHaveLength(0);
    const prompt = await (await double.clickButton({ guildId: GUILD, userId: ADMIN, message: notice, customId: ask })).reply();
    expect(prompt.flags! & 64).toBe(64);
    expect(prompt.content).toContain('End **Before the first season** and start **Season 1**?');
    expect(customIds(prompt).some((id) => id === 'season:go:1:')).toBe(true);
  });
});

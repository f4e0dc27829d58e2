/**
 * Languages end to end: a member whose Discord client is Russian, in a guild whose preferred locale in
 * Discord is German (no /settings locale). What only the member sees (/help, an error with its id, the
 * /shop menu) is Russian; what the guild sees (/canvas view, the killfeed) is German.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/translate.js';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { addAndTrust, sshdFields } from '../support/serverFlow.js';
import { startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1800000000000000001';
const GUILD = '1800000000000000100';
const GENERAL = '1800000000000000110';
const KILLFEED = '1800000000000000111';
const ADMIN = '1800000000000000301';
const RUSSIAN = '1800000000000000302';

const SERVER_DIR = '79.127.236.1_7020';
const WORLD = `${SERVER_DIR}/actual1/deathlogs/world_0`;
const CSV = '2025.05.02-00.00.00.csv';
const EPHEMERAL = 1 << 6;

const ru = translator({ locale: 'ru' });
const de = translator({ locale: 'de' });

/** A catalog text as a pattern: its words exactly, any value where a parameter goes. */
function pattern(text: string): RegExp {
  const escaped = text.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}|\{\w+\}/g, '.+?');
  return new RegExp(`^${escaped}$`, 's');
}

function freshKill(): string {
  const d = new Date(Date.now() - 5_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const ts = `${d.getUTCFullYear()}.${p(d.getUTCMonth() + 1)}.${p(d.getUTCDate())}-${p(d.getUTCHours())}.${p(d.getUTCMinutes())}.${p(d.getUTCSeconds())}`;
  return `${ts};Anna;${'a'.repeat(32)};Boris;${'b'.repeat(32)};AK-74;87;PC;PC;`;
}

const isEphemeral = (m: DoubleMessage) => ((m.flags ?? 0) & EPHEMERAL) !== 0;

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;

beforeAll(async () => {
  [sshd, mongo] = await Promise.all([
    startSshd({
      tree: async (root) => {
        await writeDeadsideTree(root, { realCsvs: false });
        await writeFile(path.join(root, WORLD, CSV), '');
      },
    }),
    startMongo(),
  ]);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1800000000000000002',
    token: 'languages-test-token',
    defaultTimeoutMs: 20_000,
    guilds: [
      {
        id: GUILD,
        name: 'Deadside DE',
        ownerId: ADMIN,
        preferredLocale: 'de',
        channels: [
          { id: GENERAL, name: 'general', type: 'text' },
          { id: KILLFEED, name: 'killfeed', type: 'text' },
        ],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: RUSSIAN, username: 'ivan', locale: 'ru' },
        ],
      },
    ],
  });
  bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true' } });
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

describe('a Russian member in a German guild', () => {
  it('gets /help in Russian, command descriptions included', async () => {
    const reply = await (await double.slash({ guildId: GUILD, userId: RUSSIAN, command: 'help' })).reply();
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.embeds[0]?.title).toBe(ru.t('admin.help.title'));
    expect(reply.embeds[0]?.footer?.text).toBe(ru.t('admin.help.footer'));
    expect(reply.embeds[0]?.description).toContain(`\`/help\` — ${ru.t('cmd.help')}`);
    expect(JSON.stringify(reply.components)).toContain(ru.t('admin.help.searchButton'));
  });

  it('gets an error with its id in Russian', async () => {
    double.failNext({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 503, times: 4 });
    const reply = await (await double.slash({ guildId: GUILD, userId: RUSSIAN, command: 'about' })).reply(10_000);
    expect(isEphemeral(reply)).toBe(true);
    const id = /\*\*(E-[0-9A-Z]{4,})\*\*/.exec(reply.content)?.[1];
    expect(id, reply.content).toBeDefined();
    expect(reply.content).toBe(ru.t('error.internal', { command: 'about', id: id! }));
  });

  it('gets the /shop menu in Russian', async () => {
    const reply = await (await double.slash({ guildId: GUILD, userId: RUSSIAN, command: 'shop', subcommand: 'view' })).reply();
    expect(isEphemeral(reply)).toBe(true);
    const shown = JSON.stringify([reply.content, reply.embeds, reply.components]);
    expect(shown).toContain(ru.t('economy.shop.menu'));
    expect(shown).toContain(ru.t('economy.shop.title'));
  });

  it('sees /canvas view, a public reply, in the guild’s German', async () => {
    const reply = await (await double.slash({ guildId: GUILD, userId: RUSSIAN, command: 'canvas', subcommand: 'view', options: { x: 3, y: 4 } })).reply();
    expect(isEphemeral(reply)).toBe(false);
    const line = reply.content.split('\n')[0]!;
    expect(line).toMatch(pattern(de.t('canvas.view.line', { width: '{width}', height: '{height}', x: '{x}', y: '{y}', color: '{color}', zoom: '{zoom}', step: '{step}' })));
    expect(line).not.toMatch(pattern(ru.t('canvas.view.line', { width: '{width}', height: '{height}', x: '{x}', y: '{y}', color: '{color}', zoom: '{zoom}', step: '{step}' })));
  });

  it('sees the killfeed in the guild’s German', async () => {
    await addAndTrust(double, GUILD, ADMIN, sshdFields(sshd, 'DE One'));
    const serverId = String((await mongo.db.collection('game_servers').findOne({ guildId: GUILD }))!._id);
    await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'channels', options: { server: serverId, killfeed: KILLFEED } })).reply();
    await appendFile(path.join(sshd.root, WORLD, CSV), `${freshKill()}\n`);
    const backfill = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'backfill', options: { server: serverId } });
    await backfill.waitForReply((m) => /^(✅|⚠️)/.test(m.content ?? ''), 30_000);
    const post = await double.waitUntil(() => double.channelMessages(KILLFEED).flatMap((m) => m.embeds)[0], 15_000, 'kill posted');
    expect(post.title).toMatch(pattern(de.t('feed.kill.killed', { killer: '{killer}', victim: '{victim}' })));
    expect(post.title).toContain('Anna');
    expect(JSON.stringify(post.fields)).toContain(de.t('feed.kill.weapon'));
  });
});

/**
 * MongoDB going away under the running bot (a proxy in front of the MongoDB-wire server cuts every
 * connection and refuses new ones): commands that need no data keep answering, the others say the
 * database is unreachable (no stack, no error id it could not store), and all works again once it returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1700000000000000001';
const GUILD = '1700000000000000100';
const MEMBER = '1700000000000000201';
const OTHER = '1700000000000000202';

let mongo: TestMongo;
let proxy: TcpProxy;
let double: DiscordDouble;
let bot: BotProcess;

const text = (m: DoubleMessage) => [m.content, ...m.embeds.flatMap((e) => [e.title, e.description])].filter(Boolean).join('\n');
const run = async (command: string, subcommand?: string, options: Record<string, string> = {}, userId = MEMBER) =>
  text(await (await double.slash({ guildId: GUILD, userId, command, ...(subcommand ? { subcommand } : {}), options })).reply(20_000));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  mongo = await startMongo();
  const url = new URL(mongo.uri);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
  url.port = String(proxy.port);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1700000000000000002',
    token: 'outage-test-token',
    guilds: [{ id: GUILD, name: 'Deadside EU', ownerId: MEMBER, channels: [{ id: '1700000000000000110', name: 'general', type: 'text' }], members: [{ id: MEMBER, username: 'member' }, { id: OTHER, username: 'other' }] }],
  });
  bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: url.toString() });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await proxy?.stop();
  await mongo?.stop();
});

expectEveryRequestHandled(() => double);

describe('MongoDB unreachable mid-run', () => {
  it('answers what it can, says so for the rest, and recovers when the database returns', async () => {
    expect(await run('stats', 'player', { name: 'Nobody' })).toMatch(/No player called \*\*Nobody\*\*/);

    proxy.cut();
    expect(await run('about')).toMatch(/Tower of Temptation/);
    // A member whose guild settings were never read: defaults stand in.
    expect(await run('help', undefined, {}, OTHER)).toMatch(/\/about/);
    const down = await run('stats', 'player', { name: 'Nobody' });
    expect(down).toMatch(/database is unreachable right now/);
    expect(down).not.toMatch(/E-[0-9A-Z]{4}|at .*\.ts/);
    expect(bot.proc.exitCode).toBeNull();

    proxy.restore();
    let back = '';
    for (let i = 0; i < 12 && !/No player called/.test(back); i++) {
      await sleep(2_500); // under /stats' rate limit (5 per 10 s)
      back = await run('stats', 'player', { name: 'Nobody' });
    }
    expect(back).toMatch(/No player called \*\*Nobody\*\*/);
    expect(double.schemaViolations).toEqual([]);
  }, 120_000);
});

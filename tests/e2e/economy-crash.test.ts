/**
 * The bot SIGKILLed in the middle of a burst of /give, three times: after each restart the ledger and
 * the balances agree (a member's credits are the sum of their legs of applied entries), no entry is left
 * pending, and no credit was created or lost (gifts only move credits).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, type Collections } from '../../src/db/collections.js';
import { CreditLedger } from '../../src/economy/ledger.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1900000000000000001';
const GUILD = '1900000000000000100';
const MEMBERS = Array.from({ length: 6 }, (_, i) => ({ id: String(1900000000000000201n + BigInt(i)), username: `m${i}` }));
const SEED = 500;

let mongo: TestMongo;
let cols: Collections;
let double: DiscordDouble;
let bot: BotProcess | undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const start = () => startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri });

async function agreement(): Promise<{ pending: number; mismatched: string[]; total: number }> {
  const sums = new Map<string, number>();
  for (const e of await cols.creditLedger.find({ guildId: GUILD, state: 'applied' }).toArray()) for (const l of e.legs) sums.set(l.userId, (sums.get(l.userId) ?? 0) + l.amount);
  const balances = await cols.creditBalances.find({ guildId: GUILD }).toArray();
  return {
    pending: await cols.creditLedger.countDocuments({ guildId: GUILD, state: 'pending' }),
    mismatched: balances.filter((b) => b.credits !== (sums.get(b.userId) ?? 0)).map((b) => `${b.userId}: ${b.credits} vs ${sums.get(b.userId) ?? 0}`),
    total: balances.reduce((n, b) => n + b.credits, 0),
  };
}

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  const ledger = new CreditLedger({ ledger: cols.creditLedger, balances: cols.creditBalances });
  for (const m of MEMBERS) await ledger.apply({ guildId: GUILD, key: `seed:${m.id}`, reason: 'migration', legs: [{ userId: m.id, amount: SEED }] });
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1900000000000000002',
    token: 'economy-crash-token',
    guilds: [{ id: GUILD, name: 'Crash', ownerId: MEMBERS[0]!.id, channels: [{ id: '1900000000000000110', name: 'general', type: 'text' }], members: MEMBERS }],
  });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await mongo?.stop();
});

expectEveryRequestHandled(() => double);

describe('/give across SIGKILLs of the bot', () => {
  it('keeps the ledger and the balances agreeing, and conserves credits', async () => {
    const kills: number[] = [];
    for (let round = 0; round < 3; round++) {
      bot = await start();
      // Every member gives to the next ones at once; the bot dies as soon as the first gifts are in.
      const gifts = MEMBERS.flatMap((m, i) =>
        [1, 2, 3].map((k) => double.slash({ guildId: GUILD, userId: m.id, command: 'give', options: { user: MEMBERS[(i + k) % MEMBERS.length]!.id, amount: 7 + round } })),
      );
      await Promise.all(gifts);
      for (let i = 0; i < 500 && (await cols.creditLedger.countDocuments({ guildId: GUILD, reason: 'give' })) <= round * 18 + 2; i++) await sleep(5);
      bot.proc.kill('SIGKILL');
      await bot.exited;
      kills.push(await cols.creditLedger.countDocuments({ guildId: GUILD, state: 'pending' }));
      // The restart finishes what the crash left before it takes any command.
      bot = await start();
      const after = await agreement();
      expect(after.pending, `round ${round}`).toBe(0);
      expect(after.mismatched, `round ${round}`).toEqual([]);
      expect(after.total, `round ${round}`).toBe(SEED * MEMBERS.length);
      await bot.stop();
      bot = undefined;
    }
    console.log(`entries left pending by each SIGKILL: ${kills.join(', ')}`);
    expect(double.schemaViolations).toEqual([]);
  }, 120_000);
});

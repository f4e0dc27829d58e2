/**
 * /give under contention, through the Discord double and the real bot process: every member gives to
 * every other at once, and one member with credits for only half of its gives fires them all together.
 * Prints throughput (gives per second answered), round-trip p50/p99, and checks that nobody overspent
 * and that the ledger and the balances agree.
 *   npx tsx bench/give.ts
 */
import { pathToFileURL } from 'node:url';
import { collections } from '../src/db/collections.js';
import { CreditLedger } from '../src/economy/ledger.js';
import { DiscordDouble } from '../tests/support/discord-double/index.js';
import { startBotProcess } from '../tests/support/bot.js';
import { startMongo } from '../tests/support/mongo.js';
import { runBench } from './lifecycle.js';
import { fmt, summarize } from './stats.js';

const GUILD = '1320000000000000100';
const MEMBERS = 20;
/** /give allows 20 uses per member per 10 s: each member gives this many in a round. */
const GIVES_EACH = 10;
const SEED = 1_000;
const DEADLINE_MS = 240_000;

const id = (i: number) => String(1320000000000001000n + BigInt(i));

export async function run(): Promise<void> {
  const members = Array.from({ length: MEMBERS }, (_, i) => ({ id: id(i), username: `member${i}` }));
  const mongo = await startMongo();
  const cols = collections(mongo.db);
  const ledger = new CreditLedger({ ledger: cols.creditLedger, balances: cols.creditBalances });
  for (const m of members) await ledger.apply({ guildId: GUILD, key: `bench-seed:${m.id}`, reason: 'migration', legs: [{ userId: m.id, amount: SEED }] });
  const double = await DiscordDouble.start({
    applicationId: '1320000000000000001',
    botUserId: '1320000000000000002',
    token: 'bench-token',
    guilds: [{ id: GUILD, name: 'Bench', ownerId: members[0]!.id, channels: [{ id: '1320000000000000110', name: 'general', type: 'text' }], members }],
  });
  const bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: '1320000000000000001', mongoUri: mongo.uri });
  const give = async (from: number, to: number, amount: number): Promise<{ ms: number; ok: boolean }> => {
    const t0 = performance.now();
    const reply = await (await double.slash({ guildId: GUILD, userId: members[from]!.id, command: 'give', options: { user: members[to]!.id, amount } })).reply(30_000);
    return { ms: performance.now() - t0, ok: !(reply.content ?? '').startsWith('❌') };
  };
  try {
    await give(0, 1, 1); // warm-up: JIT, first ledger writes
    // Everyone gives to everyone at once: MEMBERS × GIVES_EACH gives in flight.
    const t0 = performance.now();
    const all = await Promise.all(members.flatMap((_, from) => Array.from({ length: GIVES_EACH }, (_, k) => give(from, (from + 1 + k) % MEMBERS, 7))));
    const seconds = (performance.now() - t0) / 1000;
    const s = summarize(all.map((r) => r.ms));
    console.log(`/give under contention (${MEMBERS} members, ${all.length} gives at once, real bot + double + jongodb)`);
    console.log(`  ${(all.length / seconds).toFixed(0)} gives/s answered; round trip p50 ${fmt(s.p50)}, p99 ${fmt(s.p99)}; ${all.filter((r) => r.ok).length} applied`);

    // One member with credits for half of its 20 concurrent gives: exactly half go through.
    const poor = MEMBERS - 1;
    const before = await ledger.balance(GUILD, members[poor]!.id);
    const amount = Math.floor(before / 10);
    const rush = await Promise.all(Array.from({ length: 20 }, (_, k) => give(poor, k % (MEMBERS - 1), amount)));
    const applied = rush.filter((r) => r.ok).length;
    const after = await ledger.balance(GUILD, members[poor]!.id);
    console.log(`  20 concurrent gives of ${amount} from a balance of ${before}: ${applied} applied, balance ${after} (never below zero: ${after >= 0 ? 'yes' : 'NO'})`);
    if (after < 0 || applied > 10) throw new Error('overspent');

    const sums = new Map<string, number>();
    for (const e of await cols.creditLedger.find({ guildId: GUILD, state: 'applied' }).toArray()) for (const l of e.legs) sums.set(l.userId, (sums.get(l.userId) ?? 0) + l.amount);
    const mismatched = (await cols.creditBalances.find({ guildId: GUILD }).toArray()).filter((b) => b.credits !== (sums.get(b.userId) ?? 0));
    console.log(`  ledger and balances agree for every member: ${mismatched.length === 0 ? 'yes' : `NO (${mismatched.length})`}`);
    if (mismatched.length) throw new Error('ledger and balances disagree');
  } finally {
    await bot.stop();
    await double.stop();
    await mongo.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runBench('give', run, { deadlineMs: DEADLINE_MS });

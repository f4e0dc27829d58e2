/**
 * /profile round trip through the Discord double: the real bot process (the `npm start` entry) answers;
 * we time from writing INTERACTION_CREATE to the reply with its PNG arriving.
 *   cold:   every call asks for another member's card (nothing cached: reads, draw, encode, upload)
 *   cached: every call asks for the same member's card (reads, then the cached PNG is uploaded)
 * Plus the renderer alone in this process (draw on the event loop, encode on the thread pool).
 *   npx tsx bench/profile.ts
 */
import { pathToFileURL } from 'node:url';
import { DiscordDouble } from '../tests/support/discord-double/index.js';
import { startBotProcess } from '../tests/support/bot.js';
import { startMongo } from '../tests/support/mongo.js';
import { cardScanlines, drawCard, renderCard } from '../src/profile/card.js';
import { runBench } from './lifecycle.js';
import { fmt, summarize } from './stats.js';

const GUILD = '1310000000000000100';
const TARGETS = 120;
const CALLERS = 100;
/** /profile allows 5 uses per member per 10 s: callers take turns. */
const CACHED_CALLS = 200;
const WARMUP = 10;
/** The whole bench gives up after this, so it can never hang a CI run. */
const DEADLINE_MS = 240_000;

const id = (base: bigint, i: number) => String(base + BigInt(i));

export async function run(): Promise<void> {
  const targets = Array.from({ length: TARGETS }, (_, i) => ({ id: id(1310000000000001000n, i), username: `target${i}`, globalName: `Target ${i} Тест 名前` }));
  const callers = Array.from({ length: CALLERS }, (_, i) => ({ id: id(1310000000000002000n, i), username: `caller${i}` }));
  const mongo = await startMongo();
  const double = await DiscordDouble.start({
    applicationId: '1310000000000000001',
    botUserId: '1310000000000000002',
    token: 'bench-token',
    guilds: [{ id: GUILD, name: 'Bench', ownerId: callers[0]!.id, channels: [{ id: '1310000000000000110', name: 'general', type: 'text' }], members: [...targets, ...callers] }],
  });
  const bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: '1310000000000000001', mongoUri: mongo.uri });
  let call = 0;
  const profile = async (target: string): Promise<number> => {
    const caller = callers[call++ % CALLERS]!.id;
    const t0 = performance.now();
    const ix = await double.slash({ guildId: GUILD, userId: caller, command: 'profile', options: { user: target } });
    const reply = await ix.reply(10_000);
    const ms = performance.now() - t0;
    const png = reply.files.find((f) => f.name === 'profile.png');
    if (!png || png.data.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error(`no profile.png in the reply: ${reply.content ?? ''}`);
    return ms;
  };
  try {
    // Warm-up: the first card registers the font and JITs the renderer.
    for (let i = 0; i < WARMUP; i++) await profile(targets[TARGETS - 1 - i]!.id);
    const cold: number[] = [];
    for (let i = 0; i < TARGETS - WARMUP; i++) cold.push(await profile(targets[i]!.id));
    const cached: number[] = [];
    const same = targets[0]!.id;
    for (let i = 0; i < CACHED_CALLS; i++) cached.push(await profile(same));

    const c = summarize(cold);
    const h = summarize(cached);
    console.log('/profile round trip (through the Discord double, real bot process, placeholder avatars)');
    console.log(`  cold   (another member each call, ${c.n} calls): p50 ${fmt(c.p50)}, p99 ${fmt(c.p99)}, mean ${fmt(c.mean)}`);
    console.log(`  cached (same member, ${h.n} calls):             p50 ${fmt(h.p50)}, p99 ${fmt(h.p99)}, mean ${fmt(h.mean)}`);
    if (double.schemaViolations.length) throw new Error(`${double.schemaViolations.length} REST bodies failed Discord's schema`);
  } finally {
    await bot.stop();
    await double.stop();
    await mongo.stop();
  }

  // The renderer alone, here: what a cold card costs the event loop vs the thread pool.
  const input = (i: number) => ({
    displayName: `Bench member ${i} Тест 名前 🎮`,
    lines: ['@bench', 'Linked player: Alpha'] as const,
    tiles: ['Credits', 'Rank', 'Daily streak', 'Pixels placed', 'Commands used', 'Kills', 'Deaths', 'K/D'].map((label, j) => ({ label, value: String(1000 * i + j) })),
    background: [0xff7e5f, 0x6a3093] as const,
    avatar: null,
    seed: String(i),
  });
  await renderCard(input(0));
  const held: number[] = [];
  const total: number[] = [];
  for (let i = 1; i <= 50; i++) {
    let t0 = performance.now();
    cardScanlines(drawCard(input(i)).canvas);
    held.push(performance.now() - t0);
    t0 = performance.now();
    await renderCard(input(i));
    total.push(performance.now() - t0);
  }
  const d = summarize(held);
  const r = summarize(total);
  console.log(`  renderer alone: event loop held (draw + scanlines) p50 ${fmt(d.p50)}, p99 ${fmt(d.p99)}; whole render with compression on the thread pool p50 ${fmt(r.p50)}, p99 ${fmt(r.p99)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runBench('profile', run, { deadlineMs: DEADLINE_MS });

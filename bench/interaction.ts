/**
 * Interaction round trip through the Discord double: the real bot process (the `npm start` entry)
 * answers /about; we time from writing INTERACTION_CREATE to the bot's callback arriving. Targets: p50
 * < 3 ms, p99 < 20 ms; the bench exits non-zero when it misses one.
 *   npx tsx bench/interaction.ts
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DiscordDouble } from '../tests/support/discord-double/index.js';
import { startBotProcess } from '../tests/support/bot.js';
import { startMongo } from '../tests/support/mongo.js';
import { runBench } from './lifecycle.js';
import { fmt, summarize } from './stats.js';
import { Targets } from './targets.js';

const GUILD = '1300000000000000100';
const MEMBERS = 110;
/** /about allows 5 uses per member per 10 s: each member calls it 5 times. */
const CALLS_PER_MEMBER = 5;
const WARMUP = 50;
const P50_TARGET_MS = 3;
const P99_TARGET_MS = 20;

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export async function run(): Promise<void> {
  const members = Array.from({ length: MEMBERS }, (_, i) => ({ id: String(1300000000000001000n + BigInt(i)), username: `member${i}` }));
  const mongo = await startMongo();
  const double = await DiscordDouble.start({
    applicationId: '1300000000000000001',
    botUserId: '1300000000000000002',
    token: 'bench-token',
    guilds: [{ id: GUILD, name: 'Bench', ownerId: members[0]!.id, channels: [{ id: '1300000000000000110', name: 'general', type: 'text' }], members }],
  });
  const started = performance.now();
  const bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: '1300000000000000001', mongoUri: mongo.uri });
  const startMs = performance.now() - started;
  const pid = bot.proc.pid!;
  const rssAfterStart = rssMb(pid);
  try {
    const samples: number[] = [];
    let call = 0;
    for (let round = 0; round < CALLS_PER_MEMBER; round++) {
      for (const member of members) {
        const t0 = performance.now();
        const ix = await double.slash({ guildId: GUILD, userId: member.id, command: 'about' });
        const ack = await ix.response();
        const ms = performance.now() - t0;
        if (ack.type !== 4 || ack.status >= 300) throw new Error(`unexpected callback ${ack.type}/${ack.status}`);
        if (call++ >= WARMUP) samples.push(ms);
      }
    }
    const s = summarize(samples);
    console.log('Interaction round trip (/about through the Discord double, real bot process)');
    console.log(`  bot start to ready: ${startMs.toFixed(0)} ms; RSS after start: ${rssAfterStart.toFixed(1)} MB, after ${call} calls: ${rssMb(pid).toFixed(1)} MB`);
    const verdict = new Targets();
    console.log(
      `  ${s.n} calls (after ${WARMUP} warm-up): p50 ${fmt(s.p50)} (${verdict.target('p50', s.p50 < P50_TARGET_MS, `< ${P50_TARGET_MS} ms`)}), ` +
        `p99 ${fmt(s.p99)} (${verdict.target('p99', s.p99 < P99_TARGET_MS, `< ${P99_TARGET_MS} ms`)}), mean ${fmt(s.mean)}`,
    );
    if (double.schemaViolations.length) console.log(`  WARNING: ${double.schemaViolations.length} REST bodies failed Discord's schema`);
    verdict.settle();
  } finally {
    await bot.stop();
    await double.stop();
    await mongo.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runBench('interaction', run);

/**
 * Crash test: the real pipeline runs in a child process (tests/ingest/support/ingest-runner.ts) over a
 * multi-file tree of ~700 lines and is SIGKILLed at random points at least 20 times — between any two
 * database writes, around REST posts, and at random moments — then run to completion. The final stats must
 * equal totals computed independently, and every feed message must have been posted exactly once.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DiscordDouble } from '../../support/discord-double/index.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { startSshd, type Sshd, LOG_FIXTURE } from '../../support/sshd.js';
import { generateKillfeed, rng, type ExpectedRow } from '../../deadside/generate.js';
import type { RunnerConfig } from '../support/ingest-runner.js';
import { diffStats, expectedLogFeed, expectedStats, guildDef, IDS } from '../helpers.js';

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let rows: ExpectedRow[];
let logText: string;

beforeAll(async () => {
  // Discord takes about 5 messages per 5 s per channel (the double enforces it): ~30 killfeed messages
  // keep the whole test within a minute or two of posting.
  rows = generateKillfeed(300, 42).rows;
  logText = await readFile(LOG_FIXTURE, 'utf8');
  [sshd, mongo, double] = await Promise.all([
    startSshd({
      tree: async (root) => {
        const base = path.join(root, 'srv', 'actual1', 'deathlogs');
        // Application order is world, then file name: the independent model follows the same order.
        const files: [string, ExpectedRow[]][] = [
          ['world_0/2025.03.30-22.00.00.csv', rows.slice(0, 130)],
          ['world_0/2025.04.02-06.00.00.csv', rows.slice(130, 220)],
          ['world_1/2025.04.01-00.00.00.csv', rows.slice(220)],
        ];
        for (const [f, part] of files) {
          await mkdir(path.dirname(path.join(base, f)), { recursive: true });
          await writeFile(path.join(base, f), part.map((r) => `${r.line}\n`).join(''));
        }
        await mkdir(path.join(root, 'srv', 'Logs'), { recursive: true });
        await writeFile(path.join(root, 'srv', 'Logs', 'Deadside.log'), logText);
      },
    }),
    startMongo(),
    DiscordDouble.start({ applicationId: IDS.app, botUserId: IDS.bot, token: 'test-token', guilds: [guildDef()] }),
  ]);
});

afterAll(async () => {
  await Promise.all([sshd?.stop(), mongo?.stop(), double?.stop()]);
});

function run(cfg: RunnerConfig, crashAtStep: number, killAfterMs: number, crashOn: 'ingest' | 'post' | 'any' = 'any'): Promise<{ out: string; code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/ingest/support/ingest-runner.ts')], {
      env: { ...process.env, INGEST_RUNNER_CONFIG: JSON.stringify(cfg), CRASH_AT_STEP: String(crashAtStep), CRASH_ON: crashOn, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = killAfterMs > 0 ? setTimeout(() => child.kill('SIGKILL'), killAfterMs) : null;
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ out, code, signal });
    });
  });
}

it('survives >= 20 SIGKILLs at random points: exact stats, every feed message posted once', { timeout: 150_000 }, async () => {
  const cfg: RunnerConfig = {
    mongoUri: mongo.uri,
    sftp: { host: sshd.host, port: sshd.port, username: sshd.username, password: sshd.password, root: sshd.root, hostKeyFingerprint: sshd.hostKeyFingerprintSha256 },
    apiBase: double.apiBase,
    token: double.token,
    // Small batches: many writes to be killed between, and still few messages to post.
    batchLines: 25,
    target: {
      guildId: IDS.guild,
      serverId: 'crash',
      poolKey: 'crash',
      settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null },
      channels: { killfeed: IDS.killfeed, events: IDS.events, connections: IDS.connections },
      paths: { deathlogs: 'srv/actual1/deathlogs', serverLog: 'srv/Logs/Deadside.log' },
    },
  };
  const r = rng(2024);
  let kills = 0;
  let done = false;
  const points = new Map<string, number>();
  while (kills < 24 && !done) {
    // Self-kills at an exact step: first between two batch writes (each step in turn: a batch is a few
    // writes, and posting waits for Discord's rate limits, so the lines are read long before they are
    // posted), then before/after a POST, or from outside at a random moment.
    const mode = kills < 10 ? 'ingest' : (['post', 'time'] as const)[kills % 2]!;
    const step = mode === 'time' ? 0 : mode === 'ingest' ? 1 + (kills % 6) : 1 + Math.floor(r() * 12);
    const res = await run(cfg, step, mode === 'time' ? 300 + Math.floor(r() * 900) : 0, mode === 'time' ? 'any' : mode);
    if (res.out.includes('DONE')) done = true;
    else {
      expect(res.signal, res.out).toBe('SIGKILL');
      kills++;
      const at = /CRASH \d+ (\S+)/.exec(res.out)?.[1] ?? 'random time';
      points.set(at, (points.get(at) ?? 0) + 1);
    }
  }
  expect(kills).toBeGreaterThanOrEqual(20);
  // Kills landed after the journal, between the stats and outbox writes, and between a POST and its mark.
  for (const p of ['journaled', 'stats', 'outbox', 'after-post', 'random time']) expect(points.get(p) ?? 0, JSON.stringify([...points])).toBeGreaterThan(0);
  // Then to completion.
  const final = await run(cfg, 0, 0);
  expect(final.out).toContain('DONE');

  expect(await diffStats(mongo.db, 'crash', expectedStats(rows))).toEqual([]);

  type E = { title?: string; timestamp?: string };
  const embeds = (ch: string) => double.channelMessages(ch).flatMap((m) => (m.embeds ?? []) as E[]);
  const kf = embeds(IDS.killfeed);
  expect(kf).toHaveLength(rows.length);
  expect(kf.map((e) => e.timestamp).sort()).toEqual(rows.map((x) => new Date(x.timestampMs).toISOString()).sort());
  const want = expectedLogFeed(logText);
  expect(embeds(IDS.events)).toHaveLength(want.events);
  const conn = embeds(IDS.connections);
  expect(conn.filter((e) => e.title?.endsWith(' joined'))).toHaveLength(want.joins);
  expect(conn.filter((e) => e.title?.endsWith(' left'))).toHaveLength(want.leaves);
  // Some posts were really resent after a crash (same nonce) and deduplicated by Discord.
  const posts = double.requestsTo('POST', /\/channels\/\d+\/messages$/);
  const nonces = posts.map((p) => (p.body as { nonce?: string }).nonce);
  expect(new Set(nonces).size).toBe(double.channelMessages(IDS.killfeed).length + double.channelMessages(IDS.events).length + double.channelMessages(IDS.connections).length);
  console.log(`crash points: ${JSON.stringify(Object.fromEntries(points))}`);
  console.log(`crashes: ${kills}, POSTs: ${posts.length}, messages: ${new Set(nonces).size}, resends deduplicated: ${posts.length - new Set(nonces).size}`);
  expect(double.schemaViolations).toEqual([]);
});

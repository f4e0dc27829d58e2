/**
 * The compiled build, as production (and the Dockerfile's two stages) run it, without Docker:
 *   1. `npm run build` in a folder holding only what the Dockerfile's build stage copies (node_modules
 *      linked from this checkout instead of a second full install);
 *   2. the runtime stage: package.json + package-lock.json + dist/ alone in a folder, production
 *      dependencies installed from the npm registry (`npm ci --omit=dev --ignore-scripts`, as the image);
 *   3. `node dist/main.js` (the image's CMD, = `npm start`) against the Discord double and a MongoDB-wire
 *      server until "bot ready"; /about and /profile answered (the card font comes from node_modules);
 *      the image's HEALTHCHECK command passes; SIGTERM stops it cleanly;
 *   4. `node dist/cli/migrate.js` and `node dist/cli/deploy-commands.js` against the same database/double.
 * Needs the npm registry (step 2). Timings are printed; the install is the slow part.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordDouble } from '../support/discord-double/index.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { freePort } from '../support/sshd.js';
import { TEST_SECRETS_KEY } from '../support/bot.js';
import { copyOf, execForm, healthcheckOf, parseDockerfile, readRepo, REPO } from './dockerfile.js';

const APP = '1700000000000000001';
const BOT_USER = '1700000000000000002';
const GUILD = '1700000000000000100';
const TEXT = '1700000000000000110';
const MEMBER = '1700000000000000201';

const dockerfile = parseDockerfile(readRepo('Dockerfile'));
const [buildStage, runtimeStage] = dockerfile.stages as [(typeof dockerfile.stages)[0], (typeof dockerfile.stages)[0]];
const runtimeCmd = execForm(runtimeStage.instructions.filter((i) => i.op === 'CMD').at(-1)!.args)!;
const healthcheck = healthcheckOf(runtimeStage.instructions.filter((i) => i.op === 'HEALTHCHECK').at(-1)!).command as string[];

let root: string;
let buildDir: string;
let appDir: string;
let mongo: TestMongo;
let double: DiscordDouble;
const timings: Record<string, string> = {};

/** The environment of a child: this one's PATH and HOME, nothing of npm's own run (npm_config_* would leak flags). */
function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };
  for (const k of ['TMPDIR', 'npm_config_registry', 'NPM_CONFIG_REGISTRY', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy']) {
    const v = process.env[k];
    if (v !== undefined) env[k] = v;
  }
  return { ...env, ...extra };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  ms: number;
}

function run(cmd: string, args: string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs: number }): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      out += `\n[killed after ${opts.timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, ms: Date.now() - t0 });
    });
  });
}

/** The compiled bot, started with the image's CMD in the installed folder. */
function startCompiledBot(env: Record<string, string>): { proc: ChildProcess; out: () => string; logs: () => { msg?: string; [k: string]: unknown }[]; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const [cmd, ...args] = runtimeCmd;
  const proc = spawn(cmd!, args, { cwd: appDir, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  const logs = () =>
    out.split('\n').flatMap((l) => {
      try {
        return [JSON.parse(l) as { msg?: string }];
      } catch {
        return [];
      }
    });
  return { proc, out: () => out, logs, exited };
}

async function until<T>(probe: () => T | undefined, ms: number, what: string, alive?: () => boolean): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (alive && !alive()) throw new Error(`${what}: the process exited first`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'tower-compiled-'));
  buildDir = path.join(root, 'build');
  appDir = path.join(root, 'app');
  [mongo, double] = await Promise.all([
    startMongo(),
    DiscordDouble.start({
      applicationId: APP,
      botUserId: BOT_USER,
      token: 'compiled-test-token',
      guilds: [{ id: GUILD, name: 'Compiled', ownerId: MEMBER, channels: [{ id: TEXT, name: 'general', type: 'text' }], members: [{ id: MEMBER, username: 'member', manageGuild: true }] }],
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([mongo?.stop(), double?.stop()]);
  if (root) rmSync(root, { recursive: true, force: true });
  console.log(`compiled build timings: ${JSON.stringify(timings)}`);
});

describe('the compiled build', () => {
  it('npm run build compiles what the Dockerfile build stage copies into dist/', { timeout: 180_000 }, async () => {
    mkdirSync(buildDir, { recursive: true });
    for (const c of buildStage.instructions.filter((i) => i.op === 'COPY').map(copyOf)) {
      expect(c.from).toBeNull();
      for (const s of c.sources) cpSync(path.join(REPO, s), path.join(buildDir, c.dest.endsWith('/') ? path.basename(s) : c.dest.replace(/^\.\//, '')), { recursive: true });
    }
    symlinkSync(path.join(REPO, 'node_modules'), path.join(buildDir, 'node_modules'));
    const r = await run('npm', ['run', 'build'], { cwd: buildDir, timeoutMs: 170_000 });
    timings.build = `${(r.ms / 1000).toFixed(1)} s`;
    expect(r.code, r.out).toBe(0);
    for (const f of ['dist/main.js', 'dist/cli/migrate.js', 'dist/cli/deploy-commands.js', 'dist/main.js.map']) expect(existsSync(path.join(buildDir, f)), f).toBe(true);
    // Every command module the loader discovers in src/commands has its compiled twin, and nothing else is there.
    const modules = (dir: string, ext: string) => readdirSync(dir).filter((f) => f.endsWith(ext) && !f.endsWith('.d.ts')).map((f) => f.slice(0, -ext.length)).sort();
    expect(modules(path.join(buildDir, 'dist', 'commands'), '.js')).toEqual(modules(path.join(REPO, 'src', 'commands'), '.ts'));
  });

  it('installs with production dependencies only (the runtime stage: package.json, package-lock.json, dist/)', { timeout: 900_000 }, async () => {
    mkdirSync(appDir, { recursive: true });
    for (const c of runtimeStage.instructions.filter((i) => i.op === 'COPY').map(copyOf)) {
      const from = c.from === 'build' ? buildDir : REPO;
      for (const s of c.sources) {
        const src = c.from === 'build' ? path.join(from, path.relative('/app', s)) : path.join(from, s);
        cpSync(src, path.join(appDir, c.dest.endsWith('/') ? path.basename(s) : c.dest.replace(/^\.\//, '')), { recursive: true });
      }
    }
    expect(readdirSync(appDir).sort()).toEqual(['dist', 'package-lock.json', 'package.json']);
    // The image's install, minus `npm cache clean` (this machine's cache is not ours to empty).
    const r = await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: appDir, timeoutMs: 880_000 });
    timings.install = `${(r.ms / 1000).toFixed(1)} s`;
    expect(r.code, r.out).toBe(0);
    const installed = readdirSync(path.join(appDir, 'node_modules'));
    for (const dep of ['discord.js', 'mongodb', 'pino', 'zod', 'gifenc']) expect(installed, dep).toContain(dep);
    for (const dev of ['tsx', 'typescript', 'vitest', 'eslint', 'yaml', 'discord-api-spec']) expect(installed, `${dev} is a devDependency`).not.toContain(dev);
    expect(existsSync(path.join(appDir, 'node_modules', '@fontsource', 'unifontex'))).toBe(true);
    expect(existsSync(path.join(appDir, 'node_modules', '@jongodb'))).toBe(false);
  });

  it('npm start runs dist/main.js (config errors listed, exit 1) and says so when dist/ is missing', { timeout: 60_000 }, async () => {
    const r = await run('npm', ['start'], { cwd: appDir, timeoutMs: 50_000 });
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('Invalid configuration');
    expect(r.out).toContain('DISCORD_TOKEN is required');
    const bare = path.join(root, 'bare');
    mkdirSync(bare);
    cpSync(path.join(appDir, 'package.json'), path.join(bare, 'package.json'));
    const missing = await run('npm', ['start'], { cwd: bare, timeoutMs: 50_000 });
    expect(missing.code, missing.out).not.toBe(0);
    expect(missing.out).toContain('dist/ is missing: run npm run build first');
  });

  it('node dist/main.js reaches "bot ready" against the Discord double and MongoDB, answers, passes the HEALTHCHECK, stops on SIGTERM', { timeout: 120_000 }, async () => {
    const healthPort = await freePort();
    const t0 = Date.now();
    const bot = startCompiledBot({
      DISCORD_TOKEN: double.token,
      DISCORD_APPLICATION_ID: APP,
      DISCORD_API_URL: double.apiBase,
      MONGODB_URI: mongo.uri,
      SECRETS_KEY: TEST_SECRETS_KEY,
      LOG_LEVEL: 'info',
      HEALTH_PORT: String(healthPort),
    });
    const alive = () => bot.proc.exitCode === null && bot.proc.signalCode === null;
    try {
      await until(() => (bot.logs().some((l) => l.msg === 'bot ready') ? true : undefined), 60_000, `"bot ready"\n${bot.out().slice(-3000)}`, alive);
      timings.botReady = `${((Date.now() - t0) / 1000).toFixed(1)} s`;
      expect(bot.logs().filter((l) => typeof l.level === 'number' && l.level >= 50), bot.out()).toEqual([]);

      const about = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'about' })).reply();
      expect(JSON.stringify(about.embeds)).toContain(JSON.parse(readRepo('package.json')).version as string);
      // The profile card draws with the font from node_modules/@fontsource: resolved from dist/ in the install.
      const profile = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'profile' })).reply(20_000);
      const png = profile.files.find((f) => f.name === 'profile.png');
      expect(png?.data.subarray(1, 4).toString('latin1'), JSON.stringify(profile.content)).toBe('PNG');
      expect(double.schemaViolations).toEqual([]);

      // The image's HEALTHCHECK command, as Docker runs it (exec form, the container's HEALTH_PORT).
      const [hcCmd, ...hcArgs] = healthcheck;
      const healthy = await run(hcCmd!, hcArgs, { cwd: appDir, env: baseEnv({ HEALTH_PORT: String(healthPort) }), timeoutMs: 10_000 });
      expect(healthy.code, healthy.out).toBe(0);
      const wrongPort = await run(hcCmd!, hcArgs, { cwd: appDir, env: baseEnv({ HEALTH_PORT: String(await freePort()) }), timeoutMs: 10_000 });
      expect(wrongPort.code).toBe(1);
    } finally {
      if (alive()) bot.proc.kill('SIGTERM');
    }
    const exit = await Promise.race([bot.exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
    if (exit === null) bot.proc.kill('SIGKILL');
    expect(exit, bot.out().slice(-2000)).toEqual({ code: 0, signal: null });
  });

  it('npm run migrate and deploy-commands (dist/cli/*.js) run against the same database and the double', { timeout: 120_000 }, async () => {
    const env = baseEnv({ DISCORD_TOKEN: double.token, DISCORD_APPLICATION_ID: APP, DISCORD_API_URL: double.apiBase, MONGODB_URI: mongo.uri, SECRETS_KEY: TEST_SECRETS_KEY, LOG_LEVEL: 'silent' });
    // The commands of `npm run migrate` / `npm run deploy-commands`, run as they are (no npm in between).
    const scripts = (JSON.parse(readRepo('package.json')) as { scripts: Record<string, string> }).scripts;
    const [migrateCmd, ...migrateArgs] = scripts.migrate!.split(' ');
    expect(migrateArgs.at(-1)).toBe('dist/cli/migrate.js');
    const migrate = await run(migrateCmd!, migrateArgs, { cwd: appDir, env, timeoutMs: 60_000 });
    expect(migrate.code, migrate.out).toBe(0);
    // The bot applied every migration at start: the CLI finds them all done.
    expect(migrate.out).toMatch(/^Applied: none; already applied: \d+(, \d+)*\.$/m);

    const [deployCmd, ...deployArgs] = scripts['deploy-commands']!.split(' ');
    expect(deployArgs.at(-1)).toBe('dist/cli/deploy-commands.js');
    const deploy = await run(deployCmd!, deployArgs, { cwd: appDir, env: { ...env, DEV_GUILD_ID: GUILD }, timeoutMs: 60_000 });
    expect(deploy.code, deploy.out).toBe(0);
    const registered = Number(/Registered (\d+) commands in guild/.exec(deploy.out)?.[1]);
    expect(registered).toBeGreaterThan(5);
    expect(double.commands(GUILD)).toHaveLength(registered);
  });
});

/**
 * Dockerfile, docker-compose.yml and .dockerignore, checked without Docker (no daemon on the test
 * machines; `docker build` and `docker compose up` are not run here). tests/build/compiled.test.ts runs
 * what the two stages do — the build from the files the build stage copies, the production install and
 * the compiled bot, its HEALTHCHECK command included — without the images.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copyOf, dockerIgnored, execForm, healthcheckOf, parseDockerfile, readRepo, REPO, type Stage } from './dockerfile.js';

const dockerfile = parseDockerfile(readRepo('Dockerfile'));
const ignore = readRepo('.dockerignore');
const pkg = JSON.parse(readRepo('package.json')) as { engines: { node: string }; scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const build = dockerfile.stages[0]!;
const runtime = dockerfile.stages[dockerfile.stages.length - 1]!;
const ops = (s: Stage, op: string) => s.instructions.filter((i) => i.op === op);
const env = (s: Stage): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const i of ops(s, 'ENV')) for (const m of i.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) out[m[1]!] = m[2]!.replace(/^"|"$/g, '');
  return out;
};

interface Compose {
  services: Record<string, { image?: string; build?: string | { context: string; dockerfile?: string }; env_file?: string | string[]; environment?: Record<string, string> | string[]; depends_on?: Record<string, { condition: string }>; volumes?: string[]; healthcheck?: { test: string[] | string }; ports?: unknown; init?: boolean }>;
  volumes?: Record<string, unknown>;
}

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage on the same Node major as package.json engines', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    const arg = dockerfile.globalArgs.find((a) => a.args.startsWith('NODE_VERSION='));
    const major = Number(/NODE_VERSION=(\d+)/.exec(arg?.args ?? '')?.[1]);
    expect(major).toBe(Number(/(\d+)/.exec(pkg.engines.node)![1]));
    for (const s of dockerfile.stages) expect(s.image).toMatch(/^node:\$\{NODE_VERSION\}-bookworm-slim$/);
  });

  it('build stage: all dependencies, then npm run build', () => {
    const runs = ops(build, 'RUN').map((r) => r.args);
    expect(runs.some((r) => /\bnpm ci\b/.test(r) && !r.includes('--omit=dev'))).toBe(true);
    expect(runs.at(-1)).toBe('npm run build');
  });

  it('runtime stage: production dependencies and the build stage’s dist/ only, not root, HEALTH_PORT and a node-fetch HEALTHCHECK', () => {
    expect(ops(runtime, 'RUN').map((r) => r.args).join(' && ')).toMatch(/\bnpm ci --omit=dev\b/);
    const copies = ops(runtime, 'COPY').map(copyOf);
    expect(copies).toContainEqual({ from: 'build', sources: ['/app/dist'], dest: './dist' });
    expect(copies.filter((c) => c.from === null).flatMap((c) => c.sources).sort()).toEqual(['package-lock.json', 'package.json']);

    const user = ops(runtime, 'USER').at(-1);
    expect(user?.args).toBeDefined();
    expect(['root', '0']).not.toContain(user!.args.split(':')[0]);
    const cmd = ops(runtime, 'CMD').at(-1)!;
    expect(user!.line).toBeLessThan(cmd.line);

    const port = env(runtime).HEALTH_PORT;
    expect(port).toMatch(/^\d+$/);
    expect(ops(runtime, 'EXPOSE').map((e) => e.args)).toContain(port);
    const hc = healthcheckOf(ops(runtime, 'HEALTHCHECK').at(-1)!);
    expect(Array.isArray(hc.command)).toBe(true);
    const command = hc.command as string[];
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toMatch(/fetch\(.*\/healthz/);
    expect(command.join(' ')).toContain('process.env.HEALTH_PORT');
    expect(command.join(' ')).not.toMatch(/\b(curl|wget)\b/);
    expect(Object.keys(hc.options).sort()).toEqual(['interval', 'retries', 'start-period', 'timeout']);
  });

  it('starts the compiled bot the way npm start does', () => {
    const cmd = execForm(ops(runtime, 'CMD').at(-1)!.args);
    expect(cmd).toEqual(pkg.scripts.start!.split(' '));
    expect(cmd?.at(-1)).toBe('dist/main.js');
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    const sources = dockerfile.stages.flatMap((s) => ops(s, 'COPY').map(copyOf)).filter((c) => c.from === null).flatMap((c) => c.sources);
    expect(sources.sort()).toEqual(['package-lock.json', 'package-lock.json', 'package.json', 'package.json', 'src', 'tsconfig.build.json', 'tsconfig.json']);
    for (const s of sources) {
      expect(existsSync(path.join(REPO, s)), s).toBe(true);
      expect(dockerIgnored(ignore, s), `${s} is excluded by .dockerignore`).toBe(false);
    }
    // tsconfig.build.json extends tsconfig.json and compiles src/ alone: the build stage has all it reads.
    const tsBuild = JSON.parse(readRepo('tsconfig.build.json')) as { extends: string; include: string[] };
    expect(sources).toContain(path.basename(tsBuild.extends));
    expect(tsBuild.include).toEqual(['src']);
  });

  it('.dockerignore keeps secrets, local installs and builds out of the context', () => {
    for (const p of ['.env', 'node_modules', 'node_modules/x/index.js', 'dist/main.js', '.git/HEAD', 'tests/e2e/core.test.ts', 'data/mongo/tower-mongod.json']) {
      expect(dockerIgnored(ignore, p), p).toBe(true);
    }
    for (const p of ['src/main.ts', 'src/commands/about.ts', 'package.json']) expect(dockerIgnored(ignore, p), p).toBe(false);
  });

  it('the .dockerignore reader follows Docker’s rules', () => {
    expect(dockerIgnored('*.log\n!keep.log', 'a.log')).toBe(true);
    expect(dockerIgnored('*.log\n!keep.log', 'keep.log')).toBe(false);
    expect(dockerIgnored('docs', 'docs/canvas.png')).toBe(true);
    expect(dockerIgnored('**/*.map', 'dist/a/b.js.map')).toBe(true);
    expect(dockerIgnored('src/*.ts', 'src/main.ts')).toBe(true);
    expect(dockerIgnored('src/*.ts', 'src/x/main.ts')).toBe(false);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8')) as Compose;
  const mongo = compose.services.mongo!;
  const bot = compose.services.bot!;
  const botEnv = (Array.isArray(bot.environment) ? Object.fromEntries(bot.environment.map((e) => e.split(/=(.*)/s).slice(0, 2))) : bot.environment) ?? {};

  it('is valid YAML with the bot and MongoDB', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['bot', 'mongo']);
  });

  it('MongoDB: the official image, data in a named volume, a healthcheck, not published', () => {
    expect(mongo.image).toMatch(/^mongo:\d+(\.\d+)*$/);
    const volume = mongo.volumes?.find((v) => v.endsWith(':/data/db'));
    expect(volume).toBeDefined();
    const name = volume!.split(':')[0]!;
    expect(name).not.toMatch(/^[./~]/); // a named volume, not a host folder
    expect(Object.keys(compose.volumes ?? {})).toContain(name);
    const test = Array.isArray(mongo.healthcheck?.test) ? mongo.healthcheck.test.join(' ') : (mongo.healthcheck?.test ?? '');
    expect(test).toMatch(/^CMD(-SHELL)? mongosh .*ping/);
    expect(mongo.ports).toBeUndefined();
  });

  it('bot: this Dockerfile, .env, MONGODB_URI at the mongo service, HEALTH_PORT as in the image, started once MongoDB is healthy', () => {
    const context = typeof bot.build === 'string' ? bot.build : bot.build?.context;
    expect(context).toBe('.');
    expect(existsSync(path.join(REPO, context!, typeof bot.build === 'object' ? (bot.build.dockerfile ?? 'Dockerfile') : 'Dockerfile'))).toBe(true);
    expect([bot.env_file].flat()).toContain('.env');
    expect(existsSync(path.join(REPO, '.env.example'))).toBe(true);
    const uri = new URL(botEnv.MONGODB_URI!);
    expect(uri.protocol).toBe('mongodb:');
    expect(uri.hostname).toBe('mongo');
    expect(Object.keys(compose.services)).toContain(uri.hostname);
    // .env.example has `HEALTH_PORT=` (empty): compose's environment must win over it, or the healthcheck has no server.
    expect(botEnv.HEALTH_PORT).toBe(env(runtime).HEALTH_PORT);
    expect(bot.depends_on?.mongo?.condition).toBe('service_healthy');
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const BOT_ENTRY = join(REPO_ROOT, 'src', 'main.ts');
/** tsx's loader by absolute URL: the bot runs in a temp cwd where a bare `tsx` would not resolve. */
const TSX_LOADER = pathToFileURL(createRequire(join(REPO_ROOT, 'package.json')).resolve('tsx')).href;
export const TEST_SECRETS_KEY = Buffer.alloc(32, 42).toString('base64');

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface BotProcess {
  proc: ChildProcess;
  /** Parsed pino lines the bot wrote to stdout, in order. */
  logs: LogLine[];
  /** Everything the bot wrote, raw (stdout + stderr). */
  output(): string;
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Sends a signal and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartBotOptions {
  apiBase: string;
  token: string;
  applicationId: string;
  mongoUri: string;
  env?: Record<string, string | undefined>;
  /** Wait for the "bot ready" log line (default true). */
  waitReady?: boolean;
}

/**
 * Starts the bot from its entry (src/main.ts, the source `npm start` runs compiled; here through tsx) in a child process, pointed at
 * the Discord double and a test MongoDB. The working directory is a temp folder so a developer's own
 * .env never leaks into tests.
 */
export async function startBotProcess(options: StartBotOptions): Promise<BotProcess> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    DISCORD_TOKEN: options.token,
    DISCORD_APPLICATION_ID: options.applicationId,
    DISCORD_API_URL: options.apiBase,
    MONGODB_URI: options.mongoUri,
    SECRETS_KEY: TEST_SECRETS_KEY,
    LOG_LEVEL: 'info',
  };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const cwd = mkdtempSync(join(tmpdir(), `tower-bot-${randomBytes(3).toString('hex')}-`));
  const proc = spawn(process.execPath, ['--import', TSX_LOADER, BOT_ENTRY], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: LogLine[] = [];
  let raw = '';
  const waiters = new Set<() => void>();
  let pending = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    raw += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        /* not a log line */
      }
    }
    for (const w of waiters) w();
  });
  proc.stderr!.on('data', (chunk: Buffer) => {
    raw += chunk.toString();
    for (const w of waiters) w();
  });
  // 'exit' can come before the last stdout chunk is read: wait for stdout to close too (bounded, as a
  // child the bot left behind may hold it open).
  let ended = false;
  const stdoutClosed = new Promise<void>((res) => proc.stdout!.once('close', () => res()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    proc.once('exit', (code, signal) => {
      void Promise.race([stdoutClosed, new Promise((r) => setTimeout(r, 2000))]).then(() => {
        ended = true;
        for (const w of waiters) w();
        res({ code, signal });
      });
    }),
  );

  const bot: BotProcess = {
    proc,
    logs,
    output: () => raw,
    waitForLog(predicate, timeoutMs = 20_000) {
      return new Promise((resolvePromise, reject) => {
        const check = () => {
          const hit = logs.find(predicate);
          if (hit) {
            cleanup();
            resolvePromise(hit);
          } else if (ended) {
            cleanup();
            reject(new Error(`bot exited (${proc.exitCode ?? proc.signalCode}) before the expected log line:\n${raw.slice(-3000)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for a log line:\n${raw.slice(-3000)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      const started = Date.now();
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      const result = await exited;
      return { ...result, ms: Date.now() - started };
    },
    exited,
  };
  if (options.waitReady ?? true) await bot.waitForLog((l) => l.msg === 'bot ready', 30_000);
  return bot;
}

/**
 * bench/lifecycle.ts: a bench that fails, hangs past its deadline or is sent SIGTERM stops every process
 * it started and exits non-zero; one that succeeds exits 0, also stopping what it forgot.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alive } from '../support/procs.js';

const SCRIPT = path.join(import.meta.dirname, 'support', 'failing-bench.ts');

function runFixture(env: Record<string, string>, signalAfterStart?: NodeJS.Signals): Promise<{ code: number | null; pids: number[]; out: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let pids: number[] = [];
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /\{"pids":\[[\d,]*\]\}/.exec(out);
      if (m && pids.length === 0) {
        pids = (JSON.parse(m[0]) as { pids: number[] }).pids;
        if (signalAfterStart) child.kill(signalAfterStart);
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, pids, out, ms: Date.now() - t0 }));
  });
}

describe('bench lifecycle', { timeout: 60_000 }, () => {
  it('a failing bench stops its children (even one ignoring SIGTERM) and exits 1', async () => {
    const r = await runFixture({ BENCH_MODE: 'fail' });
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('bench failed on purpose');
    expect(r.pids.length).toBeGreaterThanOrEqual(2); // the stubborn sleeper and jongodb
    expect(r.pids.filter(alive)).toEqual([]);
  });

  it('a hanging bench gives up at its deadline, stopping its children', async () => {
    const r = await runFixture({ BENCH_MODE: 'hang', BENCH_DEADLINE: '3000' });
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('no result after 3 s');
    expect(r.pids.filter(alive)).toEqual([]);
  });

  it('SIGTERM (a CI job timing out, Ctrl-C) stops the children too', async () => {
    const r = await runFixture({ BENCH_MODE: 'hang' }, 'SIGTERM');
    expect(r.code, r.out).toBe(143);
    expect(r.pids.filter(alive)).toEqual([]);
  });

  it('a bench that succeeds exits 0, stopping what it left running', async () => {
    const r = await runFixture({ BENCH_MODE: 'ok' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('were still running at the end and were stopped');
    expect(r.pids.filter(alive)).toEqual([]);
  });
});

/**
 * How a bench process ends, whatever happens: `runBench(name, main)` exits 0 when `main` resolves; when
 * it rejects, when its deadline passes, or on SIGTERM/SIGINT (a CI job timing out, Ctrl-C),
 * it stops every process the bench started — its whole process tree: sshd and its connection children,
 * jongodb, bot processes, measuring children — and exits non-zero. A failed bench never hangs on a
 * half-finished run's handles, and never leaves a server running behind it.
 */
import { stopDescendants } from '../tests/support/procs.js';

/** Default deadline of a whole bench; generous: the slowest (hostile, sftp) take a few minutes. */
export const BENCH_DEADLINE_MS = 15 * 60_000;

let ending = false;

/** Stops what is left of the bench's process tree, then exits with `code` (once: later calls wait for the first). */
async function end(name: string, code: number, why?: string): Promise<void> {
  if (ending) return;
  ending = true;
  if (why) console.error(`${name} bench: ${why}`);
  // tsx's esbuild service is the loader's own helper, not something the bench started.
  const stopped = (await stopDescendants().catch(() => [] as string[])).filter((c) => !/esbuild(\S*)? --service/.test(c));
  if (stopped.length) {
    const what = stopped.map((c) => c.slice(0, 80)).join('; ');
    console.error(`${name} bench: ${code === 0 ? `${stopped.length} process(es) were still running at the end and were stopped` : `stopped ${stopped.length} process(es) it had started`}: ${what}`);
  }
  process.exit(code);
}

export function runBench(name: string, main: () => Promise<unknown>, options: { deadlineMs?: number } = {}): void {
  const deadlineMs = options.deadlineMs ?? Number(process.env.BENCH_DEADLINE_MS ?? BENCH_DEADLINE_MS);
  const timer = setTimeout(() => void end(name, 1, `no result after ${Math.round(deadlineMs / 1000)} s, giving up`), deadlineMs);
  timer.unref();
  process.once('SIGTERM', () => void end(name, 143, 'SIGTERM received'));
  process.once('SIGINT', () => void end(name, 130, 'SIGINT received'));
  main().then(
    () => end(name, typeof process.exitCode === 'number' ? process.exitCode : 0),
    (err: unknown) => {
      console.error(err);
      return end(name, 1, 'failed');
    },
  );
}

/** /proc readings and /metrics scraping shared by the process-level benches (scale10k, listing). */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process (all its threads), ms; NaN once it is gone. */
export function cpuMsOf(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** Resident set size, bytes (0 once gone). */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Every process under `root` (children, grandchildren …), with its command line. */
export function descendantsOf(root: number): { pid: number; cmd: string }[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const out: { pid: number; cmd: string }[] = [];
  const queue = [root];
  while (queue.length) {
    const p = queue.shift()!;
    for (const [pid, pp] of parent) {
      if (pp !== p) continue;
      queue.push(pid);
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        /* gone */
      }
      out.push({ pid, cmd });
    }
  }
  return out;
}

/** A bot's /metrics: series name → value (labelled series summed). */
export async function scrape(port: number): Promise<Map<string, number> | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return undefined;
    const out = new Map<string, number>();
    for (const line of (await res.text()).split('\n')) {
      const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
      if (!m || line.startsWith('#')) continue;
      const v = Number(m[3]);
      if (Number.isFinite(v)) out.set(m[1]!, (out.get(m[1]!) ?? 0) + v);
    }
    return out;
  } catch {
    return undefined;
  }
}

export const mib = (n: number) => (Number.isFinite(n) ? `${(n / 1024 / 1024).toFixed(1)} MiB` : 'n/a');

export function table(rows: [string, string, string?][]): void {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const [a, b, c] of rows) console.log(`  ${a.padEnd(w0)}  ${b.padStart(w1)}${c ? `   ${c}` : ''}`);
}

/** The process tree below a pid, read from /proc (Linux): for stopping everything a test or bench started. */
import { readdirSync, readFileSync } from 'node:fs';

export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid ... ; comm may contain spaces/parens: split after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[1]) === pid) out.push(Number(name));
    } catch {
      /* process vanished */
    }
  }
  return out;
}

export function descendantsOf(pid: number): number[] {
  const all: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift() as number;
    for (const c of childrenOf(p)) {
      all.push(c);
      queue.push(c);
    }
  }
  return all;
}

/** Whether pid is a running process: a zombie (exited, not yet reaped — e.g. re-parented to an init that never reaps) is not. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false; // vanished in between
  }
}

function signal(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Stops every descendant of `pid` (default: this process): SIGTERM, up to `graceMs` to exit, then the
 * rest are frozen (SIGSTOP, until no new child appears: a stopped process cannot fork) and SIGKILLed, so
 * none escapes by forking or by being re-parented when its parent dies. Returns their command lines.
 */
export async function stopDescendants(pid = process.pid, graceMs = 2000): Promise<string[]> {
  const seen = new Set(descendantsOf(pid));
  const commands = new Map([...seen].map((p) => [p, commandOf(p)]));
  signal([...seen], 'SIGTERM');
  const until = Date.now() + graceMs;
  while ([...seen].some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  for (let round = 0; round < 20; round++) {
    const now = descendantsOf(pid).filter(alive);
    const stragglers = [...new Set([...now, ...[...seen].filter(alive)])];
    if (stragglers.length === 0) break;
    for (const p of stragglers) {
      seen.add(p);
      if (!commands.has(p)) commands.set(p, commandOf(p));
    }
    signal(stragglers, 'SIGSTOP');
    const more = descendantsOf(pid).filter((p) => alive(p) && !stragglers.includes(p));
    if (more.length) continue; // forked meanwhile: freeze those too before killing
    signal(stragglers, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 20));
  }
  return [...commands.values()];
}

/** A process's command line (arguments joined by spaces), or '' once it is gone. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

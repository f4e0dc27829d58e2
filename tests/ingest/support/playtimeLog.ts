/**
 * A generated Deadside.log for the playtime tests (joins, leaves, timeouts, restarts with players on) and
 * a reference computed from its raw lines, apart from the code under test.
 */
import { rng } from '../../deadside/generate.js';

const two = (n: number) => String(n).padStart(2, '0');
export function stamp(ms: number): string {
  const d = new Date(ms);
  return `[${d.getUTCFullYear()}.${two(d.getUTCMonth() + 1)}.${two(d.getUTCDate())}-${two(d.getUTCHours())}.${two(d.getUTCMinutes())}.${two(d.getUTCSeconds())}:${String(d.getUTCMilliseconds()).padStart(3, '0')}][1]`;
}
export function opened(ms: number): string {
  const d = new Date(ms);
  return `Log file open, ${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}
export const hex = (n: number) => n.toString(16).padStart(32, 'a');

/** Joins, leaves, timeouts (connection closed, no unregister) and restarts with players on, seeded. */
export function generateLog(seed: number, steps: number): string[] {
  const r = rng(seed);
  let ms = Date.UTC(2025, 4, 15, 22, 0, 0); // crosses midnight
  const lines = [opened(ms), 'LogInit: Command Line:  -log -playersmaxcount=60'];
  const on = new Set<string>();
  for (let i = 0; i < steps; i++) {
    ms += 1000 + Math.floor(r() * 600_000);
    const id = hex(Math.floor(r() * 12));
    const roll = r();
    if (roll < 0.04) {
      ms += 120_000; // downtime: never counted
      lines.push(opened(ms));
      on.clear();
    } else if (!on.has(id)) {
      lines.push(`${stamp(ms)}LogNet: Join request: /Game/Maps/world_1/World_1?Name=P${id.slice(-2)}&eosid=|${id}`);
      lines.push(`${stamp(ms + 500)}LogOnline: Warning: Player |${id} successfully registered!`);
      on.add(id);
    } else if (roll < 0.2) {
      lines.push(`${stamp(ms)}LogNet: UChannel::Close: Sending CloseBunch. ChIndex == 0. Name: [UChannel] ChIndex: 0, Closing: 0 [UNetConnection] RemoteAddr: 10.0.0.9:1, Name: IpConnection_1, UniqueId: EOS:|${id}`);
      on.delete(id);
    } else {
      lines.push(`${stamp(ms)}LogOnline: Warning: Player |${id} successfully unregistered from the session.`);
      on.delete(id);
    }
  }
  return lines;
}

export interface Reference {
  /** Seconds played per EOS id, over the closed sessions. */
  totals: Map<string, number>;
  /** Sessions still open at the end: id → start (ms). */
  open: Map<string, number>;
  /** Per leave post (an unregister of a player online), the session's seconds, or null when none was open. */
  leaves: (number | null)[];
}

/** The reference, from the raw lines: session = registered → unregistered | connection closed | the last stamp before a restart. */
export function reference(lines: readonly string[]): Reference {
  const total = new Map<string, number>();
  const open = new Map<string, number>();
  const online = new Set<string>();
  const leaves: (number | null)[] = [];
  let last = 0;
  const add = (id: string, end: number) => {
    const seconds = Math.round((end - open.get(id)!) / 1000);
    total.set(id, (total.get(id) ?? 0) + seconds);
    open.delete(id);
    return seconds;
  };
  for (const l of lines) {
    if (l.startsWith('Log file open')) {
      for (const id of [...open.keys()]) add(id, last);
      online.clear();
      continue;
    }
    const m = /^\[(\d{4})\.(\d\d)\.(\d\d)-(\d\d)\.(\d\d)\.(\d\d):(\d{3})\]/.exec(l);
    if (!m) continue;
    const [, y, mo, d, h, mi, s, mil] = m.map(Number) as number[];
    const at = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, mil!);
    const id = /\|([a-f0-9]{32})/.exec(l)![1]!;
    if (l.includes('successfully registered')) {
      if (!open.has(id)) open.set(id, at);
      online.add(id);
    } else if (l.includes('unregistered')) {
      if (online.has(id)) leaves.push(open.has(id) ? add(id, at) : null);
      else if (open.has(id)) add(id, at);
      online.delete(id);
    } else if (l.includes('CloseBunch') && open.has(id)) add(id, at);
    last = Math.max(last, at);
  }
  return { totals: total, open, leaves };
}

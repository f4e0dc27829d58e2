/**
 * A small reader of the project's Dockerfile and .dockerignore, for tests that check them without Docker
 * (no Docker daemon runs on the test machines): instructions with their continuation lines joined, stages,
 * and the .dockerignore rules applied to a path the way the build context applies them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '..', '..');

export interface Instruction {
  op: string;
  /** Everything after the instruction word, continuations joined with a space. */
  args: string;
  /** 1-based line of the instruction word. */
  line: number;
}

export interface Stage {
  image: string;
  name: string | null;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): { globalArgs: Instruction[]; stages: Stage[] } {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | null = null;
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    // Comments and blank lines are dropped, also inside a continued instruction (as Docker does).
    if (/^\s*#/.test(line) || (pending === null && line.trim() === '')) continue;
    const continued = /\\\s*$/.test(line);
    const body = continued ? line.replace(/\\\s*$/, '') : line;
    pending = pending ? { text: `${pending.text} ${body.trim()}`, line: pending.line } : { text: body.trim(), line: i + 1 };
    if (!continued) {
      const m = /^(\S+)\s*(.*)$/.exec(pending.text)!;
      instructions.push({ op: m[1]!.toUpperCase(), args: m[2]!.trim(), line: pending.line });
      pending = null;
    }
  }
  if (pending) throw new Error(`Dockerfile ends inside a continued instruction (line ${pending.line})`);
  const globalArgs: Instruction[] = [];
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.op === 'FROM') {
      const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (!m) throw new Error(`unreadable FROM at line ${ins.line}: ${ins.args}`);
      stages.push({ image: m[1]!, name: m[2] ?? null, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.op !== 'ARG') throw new Error(`${ins.op} before the first FROM (line ${ins.line})`);
      globalArgs.push(ins);
    } else {
      stages[stages.length - 1]!.instructions.push(ins);
    }
  }
  return { globalArgs, stages };
}

/** `["a", "b"]` (exec form) → its strings; null for the shell form. */
export function execForm(args: string): string[] | null {
  if (!args.startsWith('[')) return null;
  const v = JSON.parse(args) as unknown;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`not an exec form: ${args}`);
  return v as string[];
}

export interface CopyInstruction {
  from: string | null;
  sources: string[];
  dest: string;
}

export function copyOf(ins: Instruction): CopyInstruction {
  const words = execForm(ins.args) ?? ins.args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const rest = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length) ?? null;
  return { from, sources: rest.slice(0, -1), dest: rest[rest.length - 1]! };
}

/** HEALTHCHECK [options] CMD ...: its options and command. */
export function healthcheckOf(ins: Instruction): { options: Record<string, string>; command: string[] | string } {
  const m = /^((?:--\S+\s+)*)CMD\s+(.*)$/s.exec(ins.args);
  if (!m) throw new Error(`HEALTHCHECK without CMD: ${ins.args}`);
  const options = Object.fromEntries(
    m[1]!
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((o) => o.replace(/^--/, '').split('=') as [string, string]),
  );
  return { options, command: execForm(m[2]!.trim()) ?? m[2]!.trim() };
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Whether the build context leaves `relPath` out under these .dockerignore rules: the last matching rule
 * wins (`!` re-includes), and a rule matching a parent folder leaves out everything below it.
 */
export function dockerIgnored(rules: string, relPath: string): boolean {
  const patterns = rules
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => ({ negate: l.startsWith('!'), re: globToRegExp(path.posix.normalize(l.replace(/^!/, '')).replace(/^\/+|\/+$/g, '')) }));
  const parts = path.posix.normalize(relPath).replace(/^\.\//, '').split('/');
  let ignored = false;
  for (const p of patterns) {
    for (let n = 1; n <= parts.length; n++) {
      if (p.re.test(parts.slice(0, n).join('/'))) {
        ignored = !p.negate;
        break;
      }
    }
  }
  return ignored;
}

export const readRepo = (rel: string): string => readFileSync(path.join(REPO, rel), 'utf8');

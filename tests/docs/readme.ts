/**
 * Reading README.md for tests/docs: its sections, tables and the figures its sentences state, with errors
 * that say which wording moved when a pattern no longer finds its text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const README = readFileSync(path.join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

const headingLevel = (line: string): number => /^(#+)\s/.exec(line)?.[1]!.length ?? 0;

/** The text under a heading (`### Premium` → 'Premium'), down to the next heading of its level or above. */
export function section(title: string, text = README): string {
  const lines = text.split('\n');
  let fence = false;
  const heading = lines.map((l) => {
    if (l.startsWith('```')) fence = !fence;
    return fence ? 0 : headingLevel(l);
  });
  const start = lines.findIndex((l, i) => heading[i]! > 0 && l.replace(/^#+\s+/, '').trim() === title);
  if (start < 0) throw new Error(`README.md has no section "${title}"`);
  const end = heading.findIndex((h, i) => i > start && h > 0 && h <= heading[start]!);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

const cells = (line: string): string[] => line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());

/** The body rows of the Markdown table whose header row is exactly `header`. */
export function table(text: string, header: readonly string[]): string[][] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim().startsWith('|') && cells(l).join('|') === header.join('|'));
  if (at < 0) throw new Error(`README.md has no table with the columns | ${header.join(' | ')} | here`);
  const rows: string[][] = [];
  for (const line of lines.slice(at + 2)) {
    if (!line.trim().startsWith('|')) break;
    rows.push(cells(line));
  }
  return rows;
}

/** The row of a table whose first cell matches `first`. */
export function row(rows: string[][], first: RegExp): string[] {
  const found = rows.filter((r) => first.test(r[0] ?? ''));
  if (found.length !== 1) throw new Error(`README.md: ${found.length} table rows start with ${first}, want 1`);
  return found[0]!;
}

/** Prose with its line breaks and indentation folded to single spaces (sentences wrap anywhere). */
export const prose = (text: string): string => text.replace(/\s+/g, ' ');

/** The groups `pattern` captures in `text` (prose-folded); throws when the wording no longer matches. */
export function stated(text: string, pattern: RegExp): string[] {
  const m = pattern.exec(prose(text));
  if (!m) throw new Error(`README.md no longer says ${pattern}: reword this test's pattern with the README`);
  return m.slice(1);
}

/** The first group of every match of `pattern` (at least one) in `text`: one figure written in several places. */
export function statedEverywhere(text: string, pattern: RegExp): string[] {
  const all = [...prose(text).matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))];
  if (!all.length) throw new Error(`README.md no longer says ${pattern}: reword this test's pattern with the README`);
  return all.map((m) => m[1]!);
}

// ---------------------------------------------------------------- the code's values, as the README writes them

/** `1,500`, `10,000`. */
export const en = (n: number): string => n.toLocaleString('en-US');
export const seconds = (s: number): string => `${s} s`;
export const square = (n: number): string => `${n}×${n}`;
export const MiB = 1024 * 1024;

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
/** `eight`, as the README spells small counts. */
export function word(n: number): string {
  const w = WORDS[n];
  if (w === undefined) throw new Error(`no word for ${n}: write the count in figures in README.md and here`);
  return w;
}

/** A rate-limit window: `10 s`, `minute`. */
export const windowOf = (ms: number): string => (ms === 60_000 ? 'minute' : seconds(ms / 1000));

/**
 * Deadside fixture files for tests and benchmarks.
 *
 * The project needs nothing outside its checkout: every file here is generated (tests/deadside/generate.ts
 * for the killfeed CSVs, tests/deadside/generateLog.ts for Deadside.log). Where `../shared/fixtures` sits
 * beside the checkout (a developer machine, CI's first run), its real files are used instead, as an extra:
 * CI also runs the suite from a copy with no `../shared` (.ci/run), so both paths stay green.
 *
 * Generated files are written once per content into `$TMPDIR/tower-fixtures-<hash>/` (atomically: the
 * test workers of one run share them), so test files never litter the temp folder with copies.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKillfeed, toFileText } from '../deadside/generate.js';
import { generateServerLog } from '../deadside/generateLog.js';

/** `../shared` beside the checkout (resolved from this file, not from the working directory). */
export const SHARED_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'shared');

/** A path under ../shared/fixtures when it exists there, else null. */
export function sharedFixture(relative: string): string | null {
  const p = path.join(SHARED_DIR, 'fixtures', relative);
  return existsSync(p) ? p : null;
}

/** Writes `files` (name → text) into a folder named after their content and returns the folder. */
export function generatedFixtureDir(kind: string, files: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const [name, text] of Object.entries(files)) hash.update(`${name}\0${text}\0`);
  const dir = path.join(tmpdir(), `tower-fixtures-${hash.digest('hex').slice(0, 16)}`, kind);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  }
  return dir;
}

/** The generated stand-in for the real Deadside.log: one session, 680 lines, max 60, from 2025-05-15 00:00. */
export function generatedLogText(): string {
  return generateServerLog({ seed: 7020 }).text;
}

/** Generated stand-ins for the real killfeed CSVs (same names; a 7-field-era and a 9-field-era file, 100+ KB). */
export function generatedKillfeedFiles(): Record<string, string> {
  return {
    '2025.03.27-00.00.00.csv': toFileText(generateKillfeed(1500, 1).rows),
    '2025.05.01-00.00.00.csv': toFileText(generateKillfeed(300, 2).rows),
  };
}

const sharedKillfeed = sharedFixture('deadside/killfeed');
const sharedLog = sharedFixture('deadside/logs/Deadside.log');

/** Where the fixtures come from in this run. */
export const FIXTURE_SOURCE = { killfeed: sharedKillfeed ? 'shared' : 'generated', log: sharedLog ? 'shared' : 'generated' } as const;

/** A folder of killfeed CSVs: the real ones from ../shared when present, else generated ones. */
export const KILLFEED_FIXTURES: string = sharedKillfeed ?? generatedFixtureDir('killfeed', generatedKillfeedFiles());

/** A Deadside.log: the reconstruction from ../shared when present, else a generated one. */
export const LOG_FIXTURE: string = sharedLog ?? path.join(generatedFixtureDir('logs', { 'Deadside.log': generatedLogText() }), 'Deadside.log');

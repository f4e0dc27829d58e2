/**
 * Unit tests mirror src/: a module's tests sit at its path under tests/ (src/ingest/engine.ts →
 * tests/ingest/engine.test.ts), so a test in the wrong place fails here. Apart: tests/e2e and tests/build
 * (the bot and its build as a whole), tests/support (the test bed, and its own tests mirroring it),
 * tests/architecture, tests/docs and tests/bench (the repository itself), and the tests in an
 * `integration/` folder: a domain through several modules (tests/ingest/integration/ for src/ingest),
 * named for what they check.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TESTS = path.join(ROOT, 'tests');
const SRC = path.join(ROOT, 'src');

/** Folders of tests/ whose tests need not mirror a module. */
const APART = ['e2e', 'build', 'support', 'architecture', 'docs', 'bench'];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return testFiles(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const rel = (p: string) => path.relative(ROOT, p).split(path.sep).join('/');
/** The file's folders under tests/ (its name dropped). */
const foldersOf = (file: string) => path.relative(TESTS, path.dirname(file)).split(path.sep).filter(Boolean);

const files = testFiles(TESTS);
const apart = (f: string) => APART.includes(foldersOf(f)[0] ?? '') || foldersOf(f).includes('integration');
/** src/<path>.ts for tests/<path>.test.ts. */
const moduleOf = (f: string) => path.join(SRC, `${path.relative(TESTS, f).slice(0, -'.test.ts'.length)}.ts`);
const mirrors = (f: string) => existsSync(moduleOf(f));

describe('the layout of tests/', () => {
  it('finds the tests', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('puts every unit test at the path of the src module it tests', () => {
    const misplaced = files.filter((f) => !apart(f) && !mirrors(f)).map(rel);
    // A file listed here tests no module at its path: move it to tests/<the module's path under src/>.test.ts
    // (split by module if it tests several), or, testing a domain through several modules, into
    // tests/<domain>/integration/.
    expect(misplaced).toEqual([]);
  });

  it('keeps integration/ folders inside a domain of src/', () => {
    const strays = files
      .filter((f) => !APART.includes(foldersOf(f)[0] ?? '') && foldersOf(f).includes('integration'))
      .map((f) => foldersOf(f).slice(0, foldersOf(f).indexOf('integration')).join('/'))
      .filter((domain) => {
        const dir = path.join(SRC, domain);
        return domain === '' || !existsSync(dir) || !statSync(dir).isDirectory();
      });
    expect([...new Set(strays)]).toEqual([]);
  });
});

/**
 * The layering of src/, checked on every run: no import cycle (type-only imports count: they show the
 * same inversion), the service container is read only by the command layer and its framework, and
 * every file stays small enough to read in one go.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every relative module a file imports or re-exports, `import type` and `import()` included. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => path.resolve(path.dirname(file), name.replace(/\.js$/, '.ts')));
}

function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(files.map((f) => [f, importsOf(f).filter((d) => known.has(d))]));
}

/** Strongly connected components with more than one file (or a file importing itself): Tarjan. */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const rel = (f: string) => path.relative(SRC, f);

describe('the import graph of src/', () => {
  const files = sourceFiles(SRC);
  const graph = importGraph(files);

  it('has no cycle, type-only imports included', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(cycles(graph).map((c) => c.map(rel).sort())).toEqual([]);
  });

  it('lets only the command layer, its framework and the boot code read the service container', () => {
    const container = path.join(SRC, 'services', 'container.ts');
    const allowed = (f: string) => /^(commands|framework)\//.test(rel(f)) || rel(f) === 'app.ts';
    const readers = files.filter((f) => graph.get(f)!.includes(container) && !allowed(f)).map(rel);
    expect(readers).toEqual([]);
  });

  it('keeps every file under src/ within about 250 lines', () => {
    const long = files.map((f) => ({ file: rel(f), lines: readFileSync(f, 'utf8').split('\n').length })).filter((f) => f.lines > 260);
    expect(long).toEqual([]);
  });
});

describe('the cycle check itself', () => {
  it('finds a cycle made of type-only imports and re-exports', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cycles-'));
    writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b.js';\nexport type A = B;\n");
    writeFileSync(path.join(dir, 'b.ts'), "export type { C as B } from './c.js';\n");
    writeFileSync(path.join(dir, 'c.ts'), "export type C = import('./a.js').A | 1;\n");
    writeFileSync(path.join(dir, 'd.ts'), "import './a.js';\n");
    const found = cycles(importGraph(sourceFiles(dir)));
    expect(found.map((c) => c.map((f) => path.basename(f)).sort())).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});

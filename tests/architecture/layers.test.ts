/**
 * The layer rule of src/ (`layers` in eslint.config.js, enforced by eslint-plugin-boundaries) bites: a
 * planted file importing upward, sideways without leave, or from outside every layer fails lint with the
 * repo's own config, whatever the form of the import; a downward import passes.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

type Layers = ReadonlyArray<readonly [layer: string, elements: Readonly<Record<string, readonly string[]>>]>;

/** The boundaries messages for `code` linted as if it were the file `file` (relative to the repo). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId?.startsWith('boundaries/')).map((m) => `${m.ruleId}: ${m.message}`);
}

const upward = (from: string, to: string) =>
  `boundaries/dependencies: src/${from} may not import src/${to}: the layers of src/ only point down (\`layers\` in eslint.config.js)`;

describe('the layer rule of src/', () => {
  it('fails an upward import', async () => {
    expect(await boundaryErrors('src/sftp/planted.ts', "import help from '../commands/help.js';\nexport { help };\n")).toEqual([
      upward('sftp', 'commands'),
    ]);
  });

  it('counts type-only imports, re-exports, import() and import types like any import', async () => {
    const code = [
      "import type { CommandModule } from '../framework/types.js';",
      "export { defineCommand } from '../framework/define.js';",
      "export type * from '../services/container.js';",
      "export type Metrics = import('../services/metrics.js').Metrics;",
      "export const load = () => import('../commands/help.js');",
      'export type Module = CommandModule;',
      '',
    ].join('\n');
    expect(await boundaryErrors('src/deadside/planted.ts', code)).toEqual([
      upward('deadside', 'framework'),
      upward('deadside', 'framework'),
      upward('deadside', 'services'),
      upward('deadside', 'services'),
      upward('deadside', 'commands'),
    ]);
  });

  it('passes a downward import and one inside the same element', async () => {
    const code = [
      "import { UserError } from '../errors.js';",
      "import type { Logger } from '../logger.js';",
      "import { SftpPool } from './pool.js';",
      'export { SftpPool, UserError, type Logger };',
      '',
    ].join('\n');
    expect(await boundaryErrors('src/sftp/planted.ts', code)).toEqual([]);
    expect(await boundaryErrors('src/commands/planted.ts', "export { GameServers } from '../servers/gameServers.js';\n")).toEqual([]);
  });

  it('allows only the listed imports within a layer', async () => {
    expect(await boundaryErrors('src/servers/planted.ts', "export * from '../ingest/index.js';\n")).toEqual([]);
    expect(await boundaryErrors('src/ingest/planted.ts', "export * from '../servers/gameServers.js';\n")).toEqual([upward('ingest', 'servers')]);
    expect(await boundaryErrors('src/canvas/planted.ts', "export * from '../economy/ledger.js';\n")).toEqual([upward('canvas', 'economy')]);
  });

  it('places the migrations above the domain and the tier table below db', async () => {
    expect(await boundaryErrors('src/db/migrations/planted.ts', "export * from '../../canvas/board.js';\n")).toEqual([]);
    expect(await boundaryErrors('src/db/planted.ts', "export * from '../premium/tiers.js';\n")).toEqual([]);
    expect(await boundaryErrors('src/db/planted.ts', "export * from '../premium/service.js';\n")).toEqual([upward('db', 'premium')]);
    expect(await boundaryErrors('src/db/planted.ts', "export * from './migrations/index.js';\n")).toEqual([upward('db', 'db/migrations')]);
  });

  it('fails a file in no layer, and an import of one', async () => {
    const unplaced = await boundaryErrors('src/newfolder/planted.ts', 'export const x = 1;\n');
    expect(unplaced).toHaveLength(1);
    expect(unplaced[0]).toMatch(/^boundaries\/no-unknown-files: /);
    const outside = await boundaryErrors('src/sftp/planted.ts', "export * from '../../bench/run.js';\n");
    expect(outside).toEqual([
      'boundaries/dependencies: src/sftp may not import ../../bench/run.js (in no layer): the layers of src/ only point down (`layers` in eslint.config.js)',
    ]);
  });

  it('places every entry of src/ and keeps the same-layer allowances acyclic', async () => {
    const { layers } = (await import(pathToFileURL(path.join(ROOT, 'eslint.config.js')).href)) as { layers: Layers };
    const elements = layers.flatMap(([, members]) => Object.keys(members));
    const top = new Set(elements.map((e) => e.split('/')[0]!));
    const entries = readdirSync(path.join(ROOT, 'src')).filter((e) => !e.startsWith('.'));
    expect(entries.filter((e) => !top.has(e))).toEqual([]);
    expect(new Set(elements).size).toBe(elements.length);

    const sideways = new Map(layers.flatMap(([, members]) => Object.entries(members)));
    for (const [, members] of layers) {
      for (const [element, allowed] of Object.entries(members)) {
        expect(allowed.filter((a) => !(a in members)), `${element} may only list elements of its own layer`).toEqual([]);
      }
    }
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cycleFrom = (e: string): string[] | null => {
      if (done.has(e)) return null;
      if (visiting.has(e)) return [e];
      visiting.add(e);
      for (const next of sideways.get(e) ?? []) {
        const cycle = cycleFrom(next);
        if (cycle) return [e, ...cycle];
      }
      visiting.delete(e);
      done.add(e);
      return null;
    };
    expect(elements.map(cycleFrom).filter(Boolean)).toEqual([]);
  });
});

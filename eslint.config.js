// @ts-check
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, top to bottom: the one statement of its architecture, enforced below by
 * `boundaries/dependencies` (and summarized in README "Development").
 *
 * Each element is a folder of src/ (`cli`) or a top-level file (`app.ts`), named by its path under src/.
 * Two sit apart from their folder: `db/migrations`, with its runner db/migrate.ts (one-off upgraders
 * built from domain code, run only by app.ts and the cli), and `premium/tiers.ts` (the tier table, which
 * db/schemas.ts and repos read).
 *
 * A file may import files of its own element and of every element in a lower layer; from its own layer,
 * only the elements listed for it (kept short and acyclic). Nothing else: `import type`, `export … from`,
 * `import()` and `import('…')` types count like any import, and importing a local file in no layer fails.
 * A file of src/ that no element holds fails lint too, so a new folder is placed here first.
 *
 * @type {ReadonlyArray<readonly [layer: string, elements: Readonly<Record<string, readonly string[]>>]>}
 */
export const layers = [
  ['entry', { 'main.ts': ['app.ts'], 'app.ts': [], cli: [] }],
  ['commands', { commands: [] }],
  ['framework', { framework: [] }],
  ['services', { services: [], 'db/migrations': [] }],
  [
    'domain',
    {
      boards: ['stats', 'ingest', 'factions'],
      bounties: ['factions', 'stats', 'economy', 'ingest'],
      factions: ['stats', 'economy', 'ingest'],
      games: ['economy'],
      stats: ['servers', 'profile', 'ingest'],
      servers: ['ingest'],
      profile: ['canvas', 'economy', 'ingest'],
      canvas: [],
      economy: [],
      premium: [],
      ingest: [],
    },
  ],
  ['infrastructure', { repos: ['db'], audit: ['db'], db: [], sftp: [], security: [], deadside: [], discord: [], health: [], query: [] }],
  [
    'base',
    {
      'errors.ts': ['i18n'],
      i18n: ['format'],
      format: [],
      'premium/tiers.ts': ['i18n'],
      'logger.ts': [],
      'config.ts': [],
      'version.ts': [],
      types: [],
    },
  ],
  ['util', { util: [] }],
];

/** @type {Readonly<Record<string, readonly string[]>>} The elements holding more than their own path. */
const alsoHolds = { 'db/migrations': ['db/migrate.ts'] };

const elements = layers.flatMap(([, members]) => Object.keys(members));
const pathsOf = (/** @type {string} */ element) => [element, ...(alsoHolds[element] ?? [])];
const depth = (/** @type {string} */ element) => Math.max(...pathsOf(element).map((p) => p.split('/').length));
// One glob per element, nested paths first (the first descriptor that matches a file names its element).
const elementDescriptors = [...elements]
  .sort((a, b) => depth(b) - depth(a))
  .map((element) => ({
    type: element,
    pattern: pathsOf(element).map((p) => (p.endsWith('.ts') ? `src/${p}` : `src/${p}/**`)),
    mode: /** @type {const} */ ('full'),
  }));
// Per element: its own files, the same-layer elements listed for it, every element of a lower layer.
const layerPolicies = layers.flatMap(([, members], i) => {
  const below = layers.slice(i + 1).flatMap(([, lower]) => Object.keys(lower));
  return Object.entries(members).map(([element, sideways]) => ({
    from: { element: { type: element } },
    allow: { to: { element: { types: [element, ...sideways, ...below] } } },
  }));
});
// The package's types declare an ES default export; at run time the CommonJS module is the plugin itself.
const boundariesPlugin = /** @type {import('eslint').ESLint.Plugin} */ (/** @type {unknown} */ (boundaries));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries: boundariesPlugin },
    settings: {
      'import/resolver': { typescript: { project: `${import.meta.dirname}/tsconfig.json` } },
      'boundaries/root-path': import.meta.dirname,
      // `mode: 'full'` (one glob per element, so an element can be a single file) is deprecated in 7.x in
      // favour of folder-only elements; it stays supported until 8.0, so its warning is silenced here.
      'boundaries/legacy-warnings': false,
      'boundaries/elements': elementDescriptors,
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
      'boundaries/additional-dependency-nodes': [{ selector: 'TSImportType > Literal', kind: 'type', name: 'import-type' }],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          checkUnknownLocals: true,
          message: 'src/{{from.type}} may not import {{#if to.type}}src/{{to.type}}{{else}}{{dependency.source}} (in no layer){{/if}}: the layers of src/ only point down (`layers` in eslint.config.js)',
          policies: layerPolicies,
        },
      ],
      'boundaries/no-unknown-files': 'error',
    },
  },
  { files: ['tests/**', 'bench/**'], rules: { 'no-console': 'off' } },
);

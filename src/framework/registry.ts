import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CommandModule } from './types.js';

export const COMMANDS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'commands');

/**
 * Discovers command modules: every `.ts`/`.js` file directly in src/commands whose default export is a
 * CommandModule. Helpers live in subfolders and are not loaded as commands.
 */
export async function loadCommandModules(dir = COMMANDS_DIR): Promise<Map<string, CommandModule>> {
  const files = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => e.name)
    .sort();
  const modules = new Map<string, CommandModule>();
  for (const file of files) {
    const imported = (await import(pathToFileURL(join(dir, file)).href)) as { default?: CommandModule };
    const module = imported.default;
    if (!module || typeof module.execute !== 'function' || !module.definition) {
      throw new Error(`src/commands/${file} does not default-export a command module (use defineCommand)`);
    }
    if (module.definition.name !== module.name) throw new Error(`src/commands/${file}: definition name must equal module name`);
    if (modules.has(module.name)) throw new Error(`two command modules are named ${module.name}`);
    modules.set(module.name, module);
  }
  // An alias is a command name of its own with Discord: it may not shadow a command or another alias.
  const names = new Set(modules.keys());
  for (const module of modules.values()) {
    for (const alias of module.aliases ?? []) {
      if (names.has(alias.name)) throw new Error(`the alias /${alias.name} of /${module.name} is already a command name`);
      names.add(alias.name);
    }
  }
  return modules;
}

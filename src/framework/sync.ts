import { createHash } from 'node:crypto';
import { Routes, type REST, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Collection } from 'mongodb';
import type { MetaDocument } from '../db/schemas.js';
import type { Logger } from '../logger.js';
import type { CommandModule } from './types.js';

export function commandDefinitions(modules: Iterable<CommandModule>): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  // A command's aliases are registered as commands of their own (src/framework/define.ts).
  return [...modules].flatMap((m) => [m.definition, ...(m.aliases ?? []).map((a) => a.definition)]).sort((a, b) => a.name.localeCompare(b.name));
}

/** Stable hash of a definition set: key order inside objects does not matter. */
export function definitionsHash(definitions: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
        : v;
  return createHash('sha256').update(JSON.stringify(canonical(definitions))).digest('hex');
}

export interface SyncTarget {
  applicationId: string;
  guildId?: string;
}

/** Registers the commands (bulk overwrite) in the guild when given, else globally. */
export async function deployCommands(rest: REST, target: SyncTarget, definitions: RESTPostAPIChatInputApplicationCommandsJSONBody[]): Promise<void> {
  const route = target.guildId
    ? Routes.applicationGuildCommands(target.applicationId, target.guildId)
    : Routes.applicationCommands(target.applicationId);
  await rest.put(route, { body: definitions });
}

/**
 * At start: registers commands only when their definitions changed since the last registration for this
 * scope (the hash is kept in MongoDB), so restarts do not spend Discord's command-update quota.
 */
export async function syncCommands(
  rest: REST,
  meta: Collection<MetaDocument>,
  target: SyncTarget,
  modules: Iterable<CommandModule>,
  logger: Logger,
): Promise<'unchanged' | 'deployed'> {
  const definitions = commandDefinitions(modules);
  const hash = definitionsHash(definitions);
  const key = `commands:${target.applicationId}:${target.guildId ?? 'global'}`;
  const stored = await meta.findOne({ _id: key });
  if (stored?.value === hash) {
    logger.info({ scope: target.guildId ?? 'global', count: definitions.length }, 'slash commands unchanged, not re-registering');
    return 'unchanged';
  }
  await deployCommands(rest, target, definitions);
  await meta.updateOne({ _id: key }, { $set: { value: hash, updatedAt: new Date() } }, { upsert: true });
  logger.info({ scope: target.guildId ?? 'global', count: definitions.length }, 'slash commands registered');
  return 'deployed';
}

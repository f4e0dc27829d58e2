/**
 * How a command module is written. The slash definition is assembled from the options and subcommands
 * declared here, and each handler receives those options typed (./options.ts): one declaration serves
 * Discord, the router and the type checker. Every command is guild-only; `access: 'admin'` also asks
 * Discord to hide the command from members without Manage Server (checked again at run time).
 */
import { ApplicationCommandOptionType, ApplicationCommandType, InteractionContextType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { UserError } from '../errors.js';
import { describe } from '../i18n/commandText.js';
import type { PlainKey } from '../i18n/keys.js';
import { msg, plain } from '../i18n/message.js';
import { readOptions, type OptionSpec, type OptionsOf, type SubcommandSpec } from './options.js';
import { ADMIN_DEFAULT_PERMISSIONS } from './permissions.js';
import { policyOf } from './policy.js';
import type { AutocompleteHandler, ButtonRoutes, CommandAliasRoute, CommandContext, CommandModule, ModalRoutes, Policy, SelectRoutes } from './types.js';

/** One subcommand: its definition (options included) and the handler that receives them typed. */
export interface Subcommand<S extends SubcommandSpec = SubcommandSpec> extends Policy {
  definition: S;
  run(ctx: CommandContext, options: OptionsOf<S['options']>): Promise<void>;
}

export function defineSubcommand<const S extends SubcommandSpec>(subcommand: Subcommand<S>): Subcommand<S> {
  return subcommand;
}

export interface SubcommandGroup {
  name: string;
  description: PlainKey;
  subcommands: readonly Subcommand[];
}

/**
 * A former name of the command (a rename): still registered and answered, with a note giving the new name.
 * `options` renames options back: current name → former name (in every subcommand that has the option).
 */
export interface CommandAlias<N extends string = string> {
  name: string;
  options?: Readonly<Partial<Record<N, string>>>;
}

interface ModuleParts extends Policy {
  name: string;
  description: PlainKey;
  aliases?: readonly CommandAlias[];
  buttons?: ButtonRoutes;
  selects?: SelectRoutes;
  modals?: ModalRoutes;
  autocomplete?: AutocompleteHandler;
}

/** A command with options of its own and no subcommands. */
export interface FlatCommand<O extends readonly OptionSpec[]> extends ModuleParts {
  options?: O;
  /** Typed: a renamed option must be one of this command's options. */
  aliases?: readonly CommandAlias<keyof OptionsOf<O> & string>[];
  run(ctx: CommandContext, options: OptionsOf<O>): Promise<void>;
}

/** A command made of subcommands (and groups of them); the top file keeps only this and the routing. */
export interface CommandWithSubcommands extends ModuleParts {
  subcommands: readonly Subcommand[];
  groups?: readonly SubcommandGroup[];
}

function baseDefinition(parts: ModuleParts, options: unknown[]): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    type: ApplicationCommandType.ChatInput,
    name: parts.name,
    ...describe(plain(parts.description)),
    contexts: [InteractionContextType.Guild],
    ...(parts.access === 'admin' ? { default_member_permissions: String(ADMIN_DEFAULT_PERMISSIONS) } : {}),
    ...(options.length ? { options: options as RESTPostAPIChatInputApplicationCommandsJSONBody['options'] } : {}),
  };
}

type DefinitionOption = { type: number; name: string; options?: DefinitionOption[] };

/** The options under their former names, subcommands and groups included. */
function renamed(options: DefinitionOption[] | undefined, former: Readonly<Record<string, string>>): DefinitionOption[] | undefined {
  return options?.map((o) =>
    o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup
      ? { ...o, ...(o.options ? { options: renamed(o.options, former) } : {}) }
      : { ...o, name: Object.hasOwn(former, o.name) ? former[o.name]! : o.name },
  );
}

/** An option or subcommand as Discord takes it: its description key put in words, every language. */
function described(option: OptionSpec | SubcommandSpec): unknown {
  const nested = 'options' in option && option.options ? { options: option.options.map(described) } : {};
  return { ...option, ...describe(plain(option.description)), ...nested };
}

function aliasRoute(alias: CommandAlias, parts: ModuleParts, definition: RESTPostAPIChatInputApplicationCommandsJSONBody): CommandAliasRoute {
  const options = Object.fromEntries(Object.entries(alias.options ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const aliased = renamed(definition.options as DefinitionOption[] | undefined, options);
  return {
    name: alias.name,
    definition: {
      ...definition,
      name: alias.name,
      ...describe(msg('alias.description', { command: definition.name, description: plain(parts.description) })),
      ...(aliased ? { options: aliased as typeof definition.options } : {}),
    },
    options,
  };
}

function moduleOf(parts: ModuleParts, definition: RESTPostAPIChatInputApplicationCommandsJSONBody, execute: CommandModule['execute'], subcommands?: Record<string, Policy>): CommandModule {
  const { name, buttons, selects, modals, autocomplete } = parts;
  const aliases = parts.aliases?.map((a) => aliasRoute(a, parts, definition));
  return { ...policyOf(parts), name, definition, ...(aliases?.length ? { aliases } : {}), execute, subcommands, buttons, selects, modals, autocomplete };
}

export function defineCommand<const O extends readonly OptionSpec[] = readonly []>(spec: FlatCommand<O>): CommandModule;
export function defineCommand(spec: CommandWithSubcommands): CommandModule;
export function defineCommand(spec: FlatCommand<readonly OptionSpec[]> | CommandWithSubcommands): CommandModule {
  if (!('subcommands' in spec)) {
    const definition = baseDefinition(spec, (spec.options ?? []).map(described));
    return moduleOf(spec, definition, (ctx, former) => spec.run(ctx, readOptions(ctx.interaction.options, spec.options, former)));
  }
  // Routes keyed like the dispatcher's policy keys: `sub` or `group sub`.
  const routes = new Map<string, Subcommand>();
  for (const sub of spec.subcommands) routes.set(sub.definition.name, sub);
  for (const group of spec.groups ?? []) for (const sub of group.subcommands) routes.set(`${group.name} ${sub.definition.name}`, sub);
  const options: unknown[] = [
    ...spec.subcommands.map((s) => described(s.definition)),
    ...(spec.groups ?? []).map((g) => ({
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: g.name,
      ...describe(plain(g.description)),
      options: g.subcommands.map((s) => described(s.definition)),
    })),
  ];
  const policies = Object.fromEntries([...routes].map(([key, sub]) => [key, policyOf(sub)]).filter(([, p]) => Object.keys(p as Policy).length));
  return moduleOf(
    spec,
    baseDefinition(spec, options),
    async (ctx, former) => {
      const o = ctx.interaction.options;
      const key = [o.getSubcommandGroup(false), o.getSubcommand(false)].filter(Boolean).join(' ');
      const sub = routes.get(key);
      // A command registered by an older version of the bot: Discord may still send it for a while.
      if (!sub) throw new UserError(msg('error.commandChanged'), 'not_found');
      await sub.run(ctx, readOptions(o, sub.definition.options, former));
    },
    policies,
  );
}

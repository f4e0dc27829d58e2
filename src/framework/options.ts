/**
 * Slash options declared once. A command's options are plain Discord API JSON (checked against
 * discord-api-types), and the same literal gives the handler its typed arguments: `OptionsOf` maps each
 * option to the value discord.js resolves for it (`required` drops the `null`, `choices` narrow the
 * value), so a misspelt option name fails `npm run typecheck` instead of reading `null` at run time.
 */
import {
  ApplicationCommandOptionType as T,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type Attachment,
  type CommandInteractionOptionResolver,
  type User,
} from 'discord.js';
import type { PlainKey } from '../i18n/keys.js';
import type { GuildCache } from './guild.js';

/**
 * Discord's types with every array readonly, so a literal written in place (or `as const`) satisfies them
 * and keeps its literal types (names, `required: true`, choice values) for `OptionsOf`.
 */
export type DeepReadonly<V> = V extends (infer E)[] ? readonly DeepReadonly<E>[] : V extends object ? { readonly [K in keyof V]: DeepReadonly<V[K]> } : V;

/** Discord's option with its description given as a catalog key (translated when the definition is built). */
type Described<O> = O extends { description: string } ? Omit<O, 'description' | 'description_localizations'> & { readonly description: PlainKey } : O;

export type OptionSpec = Described<DeepReadonly<APIApplicationCommandBasicOption>>;
export type SubcommandSpec = Omit<Described<DeepReadonly<APIApplicationCommandSubcommandOption>>, 'options'> & { readonly options?: readonly OptionSpec[] };

type Resolver = Omit<CommandInteractionOptionResolver<GuildCache>, 'getMessage' | 'getFocused'>;
export type ChannelOption = NonNullable<ReturnType<Resolver['getChannel']>>;
export type RoleOption = NonNullable<ReturnType<Resolver['getRole']>>;
export type MentionableOption = NonNullable<ReturnType<Resolver['getMentionable']>>;

/** The value discord.js resolves for one option. */
export type OptionValue<O> = O extends { type: T.String | T.Integer | T.Number; choices: readonly { value: infer V }[] }
  ? V
  : O extends { type: T.String }
    ? string
    : O extends { type: T.Integer | T.Number }
      ? number
      : O extends { type: T.Boolean }
        ? boolean
        : O extends { type: T.User }
          ? User
          : O extends { type: T.Channel }
            ? ChannelOption
            : O extends { type: T.Role }
              ? RoleOption
              : O extends { type: T.Mentionable }
                ? MentionableOption
                : O extends { type: T.Attachment }
                  ? Attachment
                  : never;

/** The typed arguments of a list of options: `{ name: value }`, `null` where an optional one was left out. */
export type OptionsOf<L> = L extends readonly (infer O)[]
  ? { readonly [P in O as P extends { name: infer N extends string } ? N : never]: P extends { required: true } ? OptionValue<P> : OptionValue<P> | null }
  : Record<string, never>;

/** Current option name → the former name a command alias still registers it under. */
export type FormerOptionNames = Readonly<Record<string, string>>;

/**
 * Reads the options a spec declares from an interaction (discord.js throws for a missing required one).
 * Through an alias, each option is read under its former name and handed over under the current one.
 */
export function readOptions<const L extends readonly OptionSpec[]>(resolver: Resolver, specs: L | undefined, former?: FormerOptionNames): OptionsOf<L> {
  const values: Record<string, unknown> = {};
  for (const spec of specs ?? []) {
    const required = 'required' in spec && spec.required === true;
    values[spec.name] = readOne(resolver, spec, (former && Object.hasOwn(former, spec.name) ? former[spec.name] : undefined) ?? spec.name, required);
  }
  return values as OptionsOf<L>;
}

function readOne(r: Resolver, spec: OptionSpec, name: string, required: boolean): unknown {
  switch (spec.type) {
    case T.String:
      return r.getString(name, required);
    case T.Integer:
      return r.getInteger(name, required);
    case T.Number:
      return r.getNumber(name, required);
    case T.Boolean:
      return r.getBoolean(name, required);
    case T.User:
      return r.getUser(name, required);
    case T.Channel:
      return r.getChannel(name, required);
    case T.Role:
      return r.getRole(name, required);
    case T.Mentionable:
      return r.getMentionable(name, required);
    case T.Attachment:
      return r.getAttachment(name, required);
  }
}

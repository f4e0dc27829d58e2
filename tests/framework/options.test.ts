/**
 * Options declared once: the handler's arguments are typed from the definition (a misspelt name fails
 * `npm run typecheck`, checked by the @ts-expect-error lines below) and read at run time from the same
 * declaration, through the real discord.js option resolver.
 */
import { ApplicationCommandOptionType as T, ChannelType, Client, CommandInteractionOptionResolver, type APIInteractionDataResolved } from 'discord.js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineCommand, defineSubcommand } from '../../src/framework/define.js';
import { readOptions, type OptionsOf } from '../../src/framework/options.js';
import { describe as inWords } from '../../src/i18n/commandText.js';
import { msg, plain } from '../../src/i18n/message.js';

const test = defineSubcommand({
  definition: {
    type: T.Subcommand,
    name: 'test',
    description: 'cmd.settings.set',
    options: [
      { type: T.String, name: 'server', description: 'cmd.errors.show.id', required: true },
      { type: T.Integer, name: 'poll_seconds', description: 'cmd.errors.recent.days', min_value: 5 },
      { type: T.String, name: 'clear', description: 'cmd.settings.set.locale', choices: [{ name: 'killfeed', value: 'killfeed' }, { name: 'all', value: 'all' }] },
      { type: T.Boolean, name: 'paused', description: 'cmd.settings.view' },
      { type: T.Channel, name: 'killfeed', description: 'cmd.settings.set.timezone', channel_types: [ChannelType.GuildText] },
    ],
  },
  async run(_ctx, options) {
    expectTypeOf(options.server).toEqualTypeOf<string>();
    expectTypeOf(options.poll_seconds).toEqualTypeOf<number | null>();
    expectTypeOf(options.clear).toEqualTypeOf<'killfeed' | 'all' | null>();
    expectTypeOf(options.paused).toEqualTypeOf<boolean | null>();
    // @ts-expect-error: a misspelt option name is a type error, not a null at run time
    void options.sever;
    // @ts-expect-error: options are read-only
    options.server = 'x';
  },
});

defineCommand({
  name: 'flat',
  description: 'cmd.about',
  options: [{ type: T.User, name: 'user', description: 'cmd.settings.set.admin_role', required: true }],
  async run({ interaction }, options) {
    expectTypeOf(interaction.guildId).toEqualTypeOf<string>();
    expectTypeOf(options.user.id).toEqualTypeOf<string>();
    // @ts-expect-error: only declared options exist
    void options.usr;
  },
});

/** discord.js's own resolver over an interaction payload's options, as a chat command handler gets it. */
function resolver(options: unknown[], resolved: APIInteractionDataResolved = {}) {
  const client = new Client({ intents: [] });
  // The resolver takes discord.js-transformed options; these payloads need no transformation.
  return Reflect.construct(CommandInteractionOptionResolver, [client, options, resolved]) as CommandInteractionOptionResolver<'cached'>;
}

describe('readOptions', () => {
  const specs = test.definition.options;

  it('reads every declared option by its type, null for the ones left out', () => {
    const r = resolver([
      { type: T.Subcommand, name: 'test', options: [
        { type: T.String, name: 'server', value: 'EU #1' },
        { type: T.Integer, name: 'poll_seconds', value: 30 },
        { type: T.Boolean, name: 'paused', value: false },
      ] },
    ]);
    const values: OptionsOf<typeof specs> = readOptions(r, specs);
    expect(values).toEqual({ server: 'EU #1', poll_seconds: 30, clear: null, paused: false, killfeed: null });
  });

  it('refuses a missing required option instead of handing the handler a null', () => {
    const r = resolver([{ type: T.Subcommand, name: 'test', options: [{ type: T.Integer, name: 'poll_seconds', value: 30 }] }]);
    expect(() => readOptions(r, specs)).toThrow(/server/);
  });

  it('builds the definition Discord receives from the same declaration', () => {
    const module = defineCommand({ name: 'typed', description: 'cmd.help', access: 'admin', subcommands: [test] });
    // Description keys are put in words: the English text and each translation.
    const described = {
      ...test.definition,
      ...inWords(plain(test.definition.description)),
      options: test.definition.options.map((o) => ({ ...o, ...inWords(plain(o.description)) })),
    };
    expect(module.definition).toMatchObject({ name: 'typed', ...inWords(plain('cmd.help')), contexts: [0], default_member_permissions: '32', options: [described] });
    expect(module.definition.description).toBe('The commands you can use here');
    expect(module.definition.options?.[0]?.description).toBe('Change settings (only the options you give)');
  });
});

describe('command aliases', () => {
  it('registers the former name with the renamed options and hands the handler the current names', async () => {
    const seen: unknown[] = [];
    const module = defineCommand({
      name: 'renamed',
      description: 'cmd.help',
      options: [{ type: T.String, name: 'stat', description: 'cmd.errors.show.id', required: true }, { type: T.Integer, name: 'page', description: 'cmd.errors.recent.days' }],
      aliases: [{ name: 'former', options: { stat: 'type' } }],
      async run(_ctx, options) {
        seen.push(options);
      },
    });
    // @ts-expect-error: a renamed option must be one of the command's options
    defineCommand({ name: 'x', description: 'cmd.help', options: [{ type: T.String, name: 'a', description: 'cmd.help' }], aliases: [{ name: 'y', options: { b: 'c' } }], run: async () => {} });
    const alias = module.aliases![0]!;
    expect(alias.definition).toEqual({
      ...module.definition,
      name: 'former',
      ...inWords(msg('alias.description', { command: 'renamed', description: plain('cmd.help') })),
      options: [
        { type: T.String, name: 'type', ...inWords(plain('cmd.errors.show.id')), required: true },
        { type: T.Integer, name: 'page', ...inWords(plain('cmd.errors.recent.days')) },
      ],
    });
    expect(alias.definition.description).toBe('Now /renamed: The commands you can use here');
    const ctx = { interaction: { options: resolver([{ type: T.String, name: 'type', value: 'kills' }, { type: T.Integer, name: 'page', value: 2 }]) } };
    await module.execute(ctx as never, alias.options);
    expect(seen).toEqual([{ stat: 'kills', page: 2 }]);
  });

  it('renames options inside subcommands too', () => {
    const module = defineCommand({ name: 'typed', description: 'cmd.help', subcommands: [test], aliases: [{ name: 'old', options: { server: 'srv' } }] });
    const sub = module.aliases![0]!.definition.options![0] as { options: { name: string }[] };
    expect(sub.options.map((o) => o.name)).toEqual(['srv', 'poll_seconds', 'clear', 'paused', 'killfeed']);
  });
});

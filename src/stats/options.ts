/** The `server:` option shared by the stats commands: definition, autocomplete and resolution, this guild only. */
import { ApplicationCommandOptionType, type ApplicationCommandOptionChoiceData } from 'discord.js';
import { serverChoices } from '../servers/choices.js';
import type { GameServers } from '../servers/gameServers.js';
import type { Msg } from '../i18n/types.js';
import type { PlainKey } from '../i18n/keys.js';
import { choiceName } from '../i18n/commandText.js';
import { msg, plain } from '../i18n/message.js';
import { UserError } from '../errors.js';
import { WINDOW_NAMES, type WindowName } from '../ingest/windows.js';

/** The `server:` option as declared in /stats and /leaderboard (autocompleted from this guild's servers). */
export const SERVER_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'server',
  description: 'cmd.stats.option.server',
  autocomplete: true,
} as const;

/** One server (its name, for embeds and replies), or every server of the guild ("All servers", in the reader's words). */
export type StatsScopeOption = { serverId: string; label: string } | { serverId?: undefined; label: Msg };

/** What the `server:` option's autocomplete reads of an interaction (src/stats sits below the framework). */
interface ServerAutocomplete {
  guildId: string;
  options: { getFocused(): string | number };
}

/** The guild's servers matching what was typed, by the one rule of src/servers/choices.ts. */
export async function serverChoicesFor(servers: Pick<GameServers, 'list'>, interaction: ServerAutocomplete): Promise<ApplicationCommandOptionChoiceData[]> {
  return serverChoices(await servers.list(interaction.guildId), interaction.options.getFocused());
}

/** The `server:` option's value as a scope; absent → every server of the guild. */
export async function scopeOption(servers: Pick<GameServers, 'resolve'>, guildId: string, value: string | null): Promise<StatsScopeOption> {
  if (!value) return { label: msg('stats.scope.allServers') };
  const server = await servers.resolve(guildId, value);
  return { serverId: server._id, label: server.name };
}

/** A window's name in the reader's words (`t.t(WINDOW_LABELS[name])`). */
export const WINDOW_LABELS = {
  today: 'stats.window.today',
  week: 'stats.window.week',
  month: 'stats.window.month',
  season: 'stats.window.season',
  all: 'stats.window.all',
} as const satisfies Record<WindowName, PlainKey>;

/** The `window:` option of /stats player and /leaderboard (and the boards): a time window in the guild's timezone. */
export const WINDOW_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'window',
  description: 'cmd.stats.option.window',
  choices: WINDOW_NAMES.map((w) => ({ ...choiceName(plain(WINDOW_LABELS[w])), value: w })),
} as const;

/** The `window:` option's value (absent: all time); an unknown value (an old registration) is refused. */
export function windowOption(value: string | null | undefined): WindowName {
  if (!value) return 'all';
  if (!(WINDOW_NAMES as readonly string[]).includes(value)) throw new UserError(msg('stats.window.unknown', { name: value }), 'validation');
  return value as WindowName;
}

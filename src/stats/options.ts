/** The `server:` option shared by the stats commands: definition, autocomplete and resolution, this guild only. */
import { ApplicationCommandOptionType, type ApplicationCommandOptionChoiceData } from 'discord.js';
import type { GuildAutocomplete } from '../framework/guild.js';
import type { GameServers } from '../servers/gameServers.js';
import { clip, LIMITS } from '../discord/limits.js';

/** The `server:` option as declared in /stats and /leaderboard (autocompleted from this guild's servers). */
export const SERVER_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'server',
  description: 'Only this server (default: all)',
  autocomplete: true,
} as const;

export interface StatsScopeOption {
  serverId?: string;
  /** "all servers" or the server's name, for embeds. */
  label: string;
}

export async function serverChoices(servers: Pick<GameServers, 'list'>, interaction: GuildAutocomplete): Promise<ApplicationCommandOptionChoiceData[]> {
  const typed = String(interaction.options.getFocused()).trim().toLowerCase();
  return (await servers.list(interaction.guildId))
    .filter((s) => !typed || s.name.toLowerCase().includes(typed))
    .slice(0, 25)
    .map((s) => ({ name: clip(s.name, LIMITS.choiceName), value: s._id }));
}

/** The `server:` option's value as a scope; absent → every server of the guild. */
export async function scopeOption(servers: Pick<GameServers, 'resolve'>, guildId: string, value: string | null): Promise<StatsScopeOption> {
  if (!value) return { label: 'All servers' };
  const server = await servers.resolve(guildId, value);
  return { serverId: server._id, label: server.name };
}

/** The `server:` option shared by the stats commands: autocomplete and resolution, this guild only. */
import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { AppServices } from '../services/container.js';

export interface StatsScopeOption {
  serverId?: string;
  /** "all servers" or the server's name, for embeds. */
  label: string;
}

export async function serverChoices(services: AppServices, interaction: AutocompleteInteraction): Promise<ApplicationCommandOptionChoiceData[]> {
  const typed = String(interaction.options.getFocused()).trim().toLowerCase();
  const servers = await services.servers.list(interaction.guildId!);
  return servers
    .filter((s) => !typed || s.name.toLowerCase().includes(typed))
    .slice(0, 25)
    .map((s) => ({ name: s.name.slice(0, 100), value: s._id }));
}

/** The `server:` option as a scope; absent → every server of the guild. */
export async function scopeOption(services: AppServices, interaction: ChatInputCommandInteraction): Promise<StatsScopeOption> {
  const value = interaction.options.getString('server');
  if (!value) return { label: 'All servers' };
  const server = await services.servers.resolve(interaction.guildId!, value);
  return { serverId: server._id, label: server.name };
}

import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { UserError } from '../errors.js';
import { defineCommand } from '../framework/types.js';
import { scopeOption, serverChoices } from '../stats/options.js';
import { playerEmbed, playerRelations, serverEmbed, weaponEmbed } from '../stats/views.js';
import { topCounts } from '../stats/merge.js';

export default defineCommand({
  name: 'stats',
  definition: new SlashCommandBuilder()
    .setName('stats')
    .setDescription('Player, weapon and server stats from the game servers’ killfeeds')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('player')
        .setDescription('Kills, deaths, K/D, longest kill, streaks, nemesis and prey of a player')
        .addStringOption((o) => o.setName('name').setDescription('In-game name').setRequired(true).setAutocomplete(true).setMaxLength(100))
        .addStringOption((o) => o.setName('server').setDescription('Only this server (default: all)').setAutocomplete(true)),
    )
    .addSubcommand((s) =>
      s
        .setName('weapon')
        .setDescription('Kills, longest kill and top users of a weapon')
        .addStringOption((o) => o.setName('name').setDescription('Weapon').setRequired(true).setAutocomplete(true).setMaxLength(100))
        .addStringOption((o) => o.setName('server').setDescription('Only this server (default: all)').setAutocomplete(true)),
    )
    .addSubcommand((s) =>
      s
        .setName('server')
        .setDescription('Totals, players online, busiest weapons and last events')
        .addStringOption((o) => o.setName('server').setDescription('Only this server (default: all)').setAutocomplete(true)),
    )
    .toJSON(),
  async execute({ interaction, services, respond }) {
    const guildId = interaction.guildId!;
    const scope = await scopeOption(services, interaction);
    const sub = interaction.options.getSubcommand();
    if (sub === 'player') {
      const name = interaction.options.getString('name', true);
      const player = await services.stats.player(guildId, name, scope.serverId);
      if (!player) throw new UserError(`No player called **${name}** has been seen ${scope.serverId ? `on ${scope.label}` : 'on this server’s game servers'} yet.`, 'not_found');
      const [names, link] = await Promise.all([services.stats.names(guildId, playerRelations(player)), services.links.byPlayer(guildId, player.playerId)]);
      await respond({ embeds: [playerEmbed(player, names, scope.label, link?.userId)], allowedMentions: { parse: [] } });
      return;
    }
    if (sub === 'weapon') {
      const name = interaction.options.getString('name', true);
      const weapon = await services.stats.weapon(guildId, name, scope.serverId);
      if (!weapon) throw new UserError(`No kills with **${name}** yet${scope.serverId ? ` on ${scope.label}` : ''}.`, 'not_found');
      const names = await services.stats.names(guildId, topCounts(weapon.users, 5).map((u) => u.id));
      await respond({ embeds: [weaponEmbed(weapon, names, scope.label)] });
      return;
    }
    const [servers, weapons, players] = await Promise.all([
      services.stats.servers(guildId, scope.serverId),
      services.stats.weapons(guildId, scope.serverId),
      services.stats.players(guildId, scope.serverId),
    ]);
    if (!servers.length) throw new UserError('No killfeed has been read yet. An admin connects a game server with `/server add`.', 'not_found');
    await respond({ embeds: [serverEmbed(scope.serverId ? scope.label : `${interaction.guild?.name ?? 'This server'} — all game servers`, servers, weapons, players.length)] });
  },
  async autocomplete({ interaction, services }) {
    const focused = interaction.options.getFocused(true);
    const guildId = interaction.guildId!;
    if (focused.name === 'server') return serverChoices(services, interaction);
    if (interaction.options.getSubcommand() === 'weapon') {
      const typed = focused.value.trim().toLowerCase();
      const weapons = await services.stats.weapons(guildId);
      return weapons
        .filter((w) => w.weapon.toLowerCase().includes(typed))
        .slice(0, 25)
        .map((w) => ({ name: w.weapon.slice(0, 100), value: w.weapon.slice(0, 100) }));
    }
    return services.stats.suggestPlayers(guildId, focused.value);
  },
});

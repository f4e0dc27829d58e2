import { ApplicationCommandOptionType } from 'discord.js';
import { choices, shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { defineCommand, defineSubcommand } from '../framework/define.js';
import { scopeOption, serverChoices, SERVER_OPTION } from '../stats/options.js';
import { playerEmbed, playerRelations, serverEmbed, weaponEmbed } from '../stats/views.js';
import { topCounts } from '../stats/merge.js';

const player = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'player',
    description: 'Kills, deaths, K/D, longest kill, streaks, nemesis and prey of a player',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'name', description: 'In-game name', required: true, autocomplete: true, max_length: 100 },
      SERVER_OPTION,
    ],
  },
  async run({ interaction, services, respond }, { name, server }) {
    const guildId = interaction.guildId;
    const scope = await scopeOption(services.gameServers, guildId, server);
    const player = await services.stats.player(guildId, name, scope.serverId);
    if (!player) {
      throw new UserError(`No player called **${shownName(name)}** has been seen ${scope.serverId ? `on ${shownName(scope.label)}` : 'on this server’s game servers'} yet.`, 'not_found');
    }
    const [names, link, format] = await Promise.all([
      services.stats.names(guildId, playerRelations(player)),
      services.links.byPlayer(guildId, player.playerId),
      services.guildConfigs.format(guildId),
    ]);
    await respond({ embeds: [playerEmbed(player, names, scope.label, link?.userId, format)], allowedMentions: { parse: [] } });
  },
});

const weapon = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'weapon',
    description: 'Kills, longest kill and top users of a weapon',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'name', description: 'Weapon', required: true, autocomplete: true, max_length: 100 },
      SERVER_OPTION,
    ],
  },
  async run({ interaction, services, respond }, { name, server }) {
    const guildId = interaction.guildId;
    const scope = await scopeOption(services.gameServers, guildId, server);
    const weapon = await services.stats.weapon(guildId, name, scope.serverId);
    if (!weapon) throw new UserError(`No kills with **${shownName(name)}** yet${scope.serverId ? ` on ${shownName(scope.label)}` : ''}.`, 'not_found');
    const [names, format] = await Promise.all([services.stats.names(guildId, topCounts(weapon.users, 5).map((u) => u.id)), services.guildConfigs.format(guildId)]);
    await respond({ embeds: [weaponEmbed(weapon, names, scope.label, format)] });
  },
});

const server = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'server',
    description: 'Totals, players online, busiest weapons and last events',
    options: [SERVER_OPTION],
  },
  async run({ interaction, services, respond }, { server }) {
    const guildId = interaction.guildId;
    const scope = await scopeOption(services.gameServers, guildId, server);
    // Totals from the server documents, weapons and the player count from indexes: no player is read.
    const [servers, weapons, players, format] = await Promise.all([
      services.stats.servers(guildId, scope.serverId),
      services.stats.topWeapons(guildId, 5, scope.serverId),
      services.stats.playersSeen(guildId, scope.serverId),
      services.guildConfigs.format(guildId),
    ]);
    if (!servers.length) throw new UserError('No killfeed has been read yet. An admin connects a game server with `/server add`.', 'not_found');
    const title = scope.serverId ? scope.label : `${interaction.guild?.name ?? 'This server'} — all game servers`;
    await respond({ embeds: [serverEmbed(title, servers, weapons, players, format)] });
  },
});

export default defineCommand({
  name: 'stats',
  description: 'Player, weapon and server stats from the game servers’ killfeeds',
  subcommands: [player, weapon, server],
  async autocomplete({ interaction, services }) {
    const focused = interaction.options.getFocused(true);
    const guildId = interaction.guildId;
    if (focused.name === 'server') return choices(await serverChoices(services.gameServers, interaction));
    if (interaction.options.getSubcommand() === 'weapon') {
      // Names starting with what was typed (the busiest while nothing is), from an index.
      // The value is the weapon's name: one longer than a choice value can hold is left out by choices().
      return choices((await services.stats.suggestWeapons(guildId, focused.value)).map((w) => ({ name: w, value: w })));
    }
    return choices(await services.stats.suggestPlayers(guildId, focused.value));
  },
});

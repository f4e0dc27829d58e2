import { ApplicationCommandOptionType } from 'discord.js';
import { choices, clip, LIMITS, shownName } from '../discord/limits.js';
import { memberPlayerLines, memberTotals } from '../stats/memberPlayers.js';
import { UserError } from '../errors.js';
import { defineCommand, defineSubcommand } from '../framework/define.js';
import { msg } from '../i18n/message.js';
import { scopeOption, serverChoicesFor, SERVER_OPTION, WINDOW_OPTION, windowOption } from '../stats/options.js';
import { logOnlyEmbed, playerEmbed, playerRelations, serverEmbed, weaponEmbed } from '../stats/views.js';
import { topCounts } from '../stats/topCounts.js';

// Replies are public: they are written in the guild's words (`guildT`); refusals in the member's.
const player = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'player',
    description: 'cmd.stats.player',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'name', description: 'cmd.stats.player.name', autocomplete: true, max_length: 100 },
      SERVER_OPTION,
      WINDOW_OPTION,
      { type: ApplicationCommandOptionType.User, name: 'member', description: 'cmd.stats.player.member' },
    ],
  },
  async run({ interaction, services, respond, guildT }, options) {
    const { name, server, member } = options;
    const guildId = interaction.guildId;
    const window = windowOption(options.window);
    const scope = await scopeOption(services.gameServers, guildId, server);
    if (member) {
      // A member's approved players (at most the tier table's largest count), each read like one player.
      const links = await services.links.ofMember(guildId, member.id);
      const found = await Promise.all(links.map((l) => services.stats.player(guildId, l.playerId, scope.serverId, { name: window })));
      const players = found.filter((p): p is NonNullable<typeof p> => p !== null);
      if (!players.length) throw new UserError(msg('stats.member.none', { userId: member.id }), 'not_found');
      const totals = memberTotals(players);
      const [names, t, played] = await Promise.all([
        services.stats.names(guildId, playerRelations(totals)),
        guildT(),
        services.stats.playtime(guildId, players.map((p) => p.playerId), scope.serverId, { name: window }),
      ]);
      const embed = playerEmbed(totals, names, scope.label, member.id, t, window, played);
      embed.setTitle(t.t('stats.member.title', { count: players.length, name: shownName(member.globalName ?? member.username, 60) }));
      embed.addFields({ name: t.t('stats.member.players'), value: clip(memberPlayerLines(players, t), LIMITS.fieldValue) });
      await respond({ embeds: [embed] });
      return;
    }
    if (!name) throw new UserError(msg('stats.player.nameOrMember'), 'validation');
    const player = await services.stats.player(guildId, name, scope.serverId, { name: window });
    if (!player) {
      // Someone who joined the servers but never killed or died yet: their playtime is all there is.
      const logOnly = await services.stats.playtimePlayer(guildId, name, scope.serverId);
      if (logOnly) {
        const [t, played] = await Promise.all([guildT(), services.stats.playtime(guildId, [logOnly.playerId], scope.serverId, { name: window })]);
        await respond({ embeds: [logOnlyEmbed(logOnly, played, scope.label, t, window)] });
        return;
      }
      const text = scope.serverId
        ? msg('stats.player.notFoundOn', { name: shownName(name), server: shownName(scope.label) })
        : msg('stats.player.notFound', { name: shownName(name) });
      throw new UserError(text, 'not_found');
    }
    const [names, link, t, played] = await Promise.all([
      services.stats.names(guildId, playerRelations(player)),
      services.links.byPlayer(guildId, player.playerId),
      guildT(),
      services.stats.playtime(guildId, [player.playerId], scope.serverId, { name: window }),
    ]);
    await respond({ embeds: [playerEmbed(player, names, scope.label, link?.userId, t, window, played)] });
  },
});

const weapon = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'weapon',
    description: 'cmd.stats.weapon',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'name', description: 'cmd.stats.weapon.name', required: true, autocomplete: true, max_length: 100 },
      SERVER_OPTION,
    ],
  },
  async run({ interaction, services, respond, guildT }, { name, server }) {
    const guildId = interaction.guildId;
    const scope = await scopeOption(services.gameServers, guildId, server);
    const weapon = await services.stats.weapon(guildId, name, scope.serverId);
    if (!weapon) {
      const text = scope.serverId
        ? msg('stats.weapon.notFoundOn', { name: shownName(name), server: shownName(scope.label) })
        : msg('stats.weapon.notFound', { name: shownName(name) });
      throw new UserError(text, 'not_found');
    }
    const [names, t] = await Promise.all([services.stats.names(guildId, topCounts(weapon.users, 5).map((u) => u.id)), guildT()]);
    await respond({ embeds: [weaponEmbed(weapon, names, scope.label, t)] });
  },
});

const server = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'server',
    description: 'cmd.stats.server',
    options: [SERVER_OPTION],
  },
  async run({ interaction, services, respond, guildT }, { server }) {
    const guildId = interaction.guildId;
    const scope = await scopeOption(services.gameServers, guildId, server);
    // Totals from the server documents, weapons and the player count from indexes: no player is read.
    const [servers, weapons, players, t, games] = await Promise.all([
      services.stats.servers(guildId, scope.serverId),
      services.stats.topWeapons(guildId, 5, scope.serverId),
      services.stats.playersSeen(guildId, scope.serverId),
      guildT(),
      services.gameServers.list(guildId),
    ]);
    if (!servers.length) throw new UserError(msg('stats.server.noKillfeed'), 'not_found');
    const title = scope.serverId ? scope.label : t.t('stats.server.titleAll', { guild: interaction.guild?.name ?? t.t('stats.server.thisServer') });
    // The server query's last answer, for servers whose log gives no count (no answer while it is down).
    const query = new Map(games.flatMap((g) => (g.query?.lastAnswerAt && !g.query.down ? [[g._id, { online: g.query.online, max: g.query.max }] as const] : [])));
    await respond({ embeds: [serverEmbed(title, servers, weapons, players, t, query)] });
  },
});

export default defineCommand({
  name: 'stats',
  description: 'cmd.stats',
  subcommands: [player, weapon, server],
  async autocomplete({ interaction, services }) {
    const focused = interaction.options.getFocused(true);
    const guildId = interaction.guildId;
    if (focused.name === 'server') return choices(await serverChoicesFor(services.gameServers, interaction));
    if (interaction.options.getSubcommand() === 'weapon') {
      // Names starting with what was typed (the busiest while nothing is), from an index.
      // The value is the weapon's name: one longer than a choice value can hold is left out by choices().
      return choices((await services.stats.suggestWeapons(guildId, focused.value)).map((w) => ({ name: w, value: w })));
    }
    return choices(await services.stats.suggestPlayers(guildId, focused.value));
  },
});

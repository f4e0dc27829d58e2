/** `/bounty list [server] [page]`: the active bounties added up per target, biggest first, a page at a time. */
import { ApplicationCommandOptionType, EmbedBuilder } from 'discord.js';
import { shownName } from '../../discord/limits.js';
import { defineSubcommand } from '../../framework/define.js';
import { BOUNTY_LIMITS } from '../../bounties/rules.js';

/** Targets per page (a guild has at most BOUNTY_LIMITS.perGuild bounties, so at most that many targets). */
export const BOUNTY_PAGE = 10;
const PAGES_MAX = Math.ceil(BOUNTY_LIMITS.perGuild / BOUNTY_PAGE);

export const list = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'list',
    description: 'cmd.bounty.list',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'server', description: 'cmd.bounty.list.server', autocomplete: true },
      { type: ApplicationCommandOptionType.Integer, name: 'page', description: 'cmd.bounty.list.page', min_value: 1, max_value: PAGES_MAX },
    ],
  },
  async run({ interaction, services, respond, t }, { server, page }) {
    const guildId = interaction.guildId;
    const serverId = server ? (await services.gameServers.resolve(guildId, server))._id : undefined;
    const totals = await services.bounties.list(guildId, serverId);
    const pages = Math.max(1, Math.ceil(totals.length / BOUNTY_PAGE));
    const shown = Math.min(Math.max(1, page ?? 1), pages);
    const lines = totals
      .slice((shown - 1) * BOUNTY_PAGE, shown * BOUNTY_PAGE)
      .map((x) => t.t('bounty.list.line', { target: shownName(x.targetName), total: x.total, count: x.count, expires: `<t:${Math.floor(x.expiresAt.getTime() / 1000)}:R>` }));
    const embed = new EmbedBuilder()
      .setColor(0xf1c40f)
      .setTitle(t.t('bounty.list.title'))
      .setDescription(lines.join('\n') || t.t('bounty.list.none'));
    if (pages > 1) embed.setFooter({ text: t.t('bounty.list.page', { page: shown, pages }) });
    await respond({ embeds: [embed] });
  },
});

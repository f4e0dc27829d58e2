/** `/season list`: the guild's seasons, newest first, with when each ran and its top killer; paged with buttons. */
import { ActionRowBuilder, ApplicationCommandOptionType, ButtonBuilder, ButtonStyle } from 'discord.js';
import { z } from 'zod';
import { encodeCustomId } from '../../framework/customId.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton } from '../../framework/guild.js';
import { defineRoute, routeArgs } from '../../framework/routes.js';
import type { ComponentRoute } from '../../framework/types.js';
import type { Translator } from '../../i18n/translate.js';
import type { AppServices } from '../../services/container.js';
import { SEASONS_PAGE } from '../../stats/seasons.js';
import { seasonListEmbed } from '../../stats/seasonViews.js';

async function page(services: AppServices, guildId: string, t: Translator, wanted: number) {
  const { seasons, total, current } = await services.seasons.list(guildId, wanted);
  const pages = Math.max(1, Math.ceil(total / SEASONS_PAGE));
  const nav = (direction: 'p' | 'n', target: number, disabled: boolean) =>
    new ButtonBuilder()
      .setCustomId(encodeCustomId('season', 'page', target, direction))
      .setLabel(direction === 'p' ? '◀' : '▶')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(disabled);
  return {
    embeds: [seasonListEmbed(seasons, current, pages, t)],
    components: pages > 1 ? [new ActionRowBuilder<ButtonBuilder>().addComponents(nav('p', current - 1, current <= 1), nav('n', current + 1, current >= pages))] : [],
  };
}

export const list = defineSubcommand({
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'cmd.season.list' },
  async run({ interaction, services, respond, t }) {
    await respond(await page(services, interaction.guildId, t, 1));
  },
});

/** `season:page:page:direction`. */
export const pageButton: ComponentRoute<GuildButton> = defineRoute({
  args: z.tuple([routeArgs.page], z.string()),
  policy: { rateLimit: { uses: 10, windowMs: 10_000 } },
  async run({ interaction, services, t, update }, [wanted]) {
    await update(await page(services, interaction.guildId, t, wanted));
  },
});

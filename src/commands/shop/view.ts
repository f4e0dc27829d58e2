import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { buy } from '../../economy/purchases.js';
import { shopItem } from '../../economy/shop.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton, GuildSelect } from '../../framework/guild.js';
import { defineRoute, routeArgs } from '../../framework/routes.js';
import type { ComponentRoute } from '../../framework/types.js';
import { msg } from '../../i18n/message.js';
import { buyNote, shopDeps, shopMessage, SHOP_PAGES } from './shared.js';

/** `/shop view [page]`: items, prices, what the member owns and their balance. */
export const view = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'view',
    description: 'cmd.shop.view',
    options: [{ type: ApplicationCommandOptionType.Integer, name: 'page', description: 'cmd.shop.view.page', min_value: 1, max_value: SHOP_PAGES }],
  },
  async run({ interaction, services, respond, t }, { page }) {
    await respond({ ...(await shopMessage(services, interaction.guildId, interaction.user.id, page ?? 1, t)), ephemeral: true });
  },
});

/**
 * ◀ ▶ on the member's own (ephemeral) shop message: `shop:page:page:direction` (the direction only
 * keeps the two buttons' ids apart). shopMessage clamps a page the shop no longer has.
 */
export const turnPage: ComponentRoute<GuildButton> = defineRoute({
  args: z.tuple([routeArgs.page, z.enum(['p', 'n'])]),
  policy: { rateLimit: { uses: 20, windowMs: 10_000 } },
  async run({ interaction, services, t, update }, [page]) {
    await update(await shopMessage(services, interaction.guildId, interaction.user.id, page, t));
  },
});

/** The shop message's buy menu (`shop:buy:page`): buys the picked item and shows the page again with what happened. */
export const buyFromMenu: ComponentRoute<GuildSelect> = defineRoute({
  args: z.tuple([routeArgs.page]),
  async run({ interaction, services, t, update }, [page]) {
    const item = shopItem(interaction.values[0] ?? '');
    if (!item) throw new UserError(msg('economy.shop.gone'), 'not_found');
    const result = await buy(shopDeps(services), interaction.guildId, interaction.user.id, item);
    const note = buyNote(result);
    const text = note.refusal ? t.t('error.refused', { text: note.text }) : t.text(note.text);
    await update(await shopMessage(services, interaction.guildId, interaction.user.id, page, t, text));
  },
});

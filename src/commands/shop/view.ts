import { ApplicationCommandOptionType } from 'discord.js';
import { buy } from '../../economy/purchases.js';
import { shopItem } from '../../economy/shop.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton, GuildSelect } from '../../framework/guild.js';
import type { HandlerContext } from '../../framework/types.js';
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

/** ◀ ▶ on the member's own (ephemeral) shop message. */
export async function turnPage(ctx: HandlerContext<GuildButton>): Promise<void> {
  const { interaction, services, args, t } = ctx;
  await interaction.update(await shopMessage(services, interaction.guildId, interaction.user.id, Number(args[0]) || 1, t));
}

/** The shop message's buy menu: buys the picked item and shows the page again with what happened. */
export async function buyFromMenu(ctx: HandlerContext<GuildSelect>): Promise<void> {
  const { interaction, services, args, t } = ctx;
  const item = shopItem(interaction.values[0] ?? '');
  if (!item) throw new UserError(msg('economy.shop.gone'), 'not_found');
  const result = await buy(shopDeps(services), interaction.guildId, interaction.user.id, item);
  const note = buyNote(result);
  const text = note.refusal ? t.t('error.refused', { text: note.text }) : t.text(note.text);
  await interaction.update(await shopMessage(services, interaction.guildId, interaction.user.id, Number(args[0]) || 1, t, text));
}

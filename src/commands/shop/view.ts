import { ApplicationCommandOptionType } from 'discord.js';
import { buy } from '../../economy/purchases.js';
import { shopItem } from '../../economy/shop.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton, GuildSelect } from '../../framework/guild.js';
import type { HandlerContext } from '../../framework/types.js';
import { buyNote, shopDeps, shopMessage, SHOP_PAGES } from './shared.js';

/** `/shop view [page]`: items, prices, what the member owns and their balance. */
export const view = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'view',
    description: 'What the shop sells, what you own and your credits',
    options: [{ type: ApplicationCommandOptionType.Integer, name: 'page', description: 'Page to start at', min_value: 1, max_value: SHOP_PAGES }],
  },
  async run({ interaction, services, respond }, { page }) {
    await respond({ ...(await shopMessage(services, interaction.guildId, interaction.user.id, page ?? 1)), ephemeral: true });
  },
});

/** ◀ ▶ on the member's own (ephemeral) shop message. */
export async function turnPage(ctx: HandlerContext<GuildButton>): Promise<void> {
  const { interaction, services, args } = ctx;
  await interaction.update(await shopMessage(services, interaction.guildId, interaction.user.id, Number(args[0]) || 1));
}

/** The shop message's buy menu: buys the picked item and shows the page again with what happened. */
export async function buyFromMenu(ctx: HandlerContext<GuildSelect>): Promise<void> {
  const { interaction, services, args } = ctx;
  const item = shopItem(interaction.values[0] ?? '');
  if (!item) throw new UserError('That item is no longer sold.', 'not_found');
  const [result, f] = await Promise.all([buy(shopDeps(services), interaction.guildId, interaction.user.id, item), services.guildConfigs.format(interaction.guildId)]);
  const note = buyNote(result, f);
  await interaction.update(await shopMessage(services, interaction.guildId, interaction.user.id, Number(args[0]) || 1, note.refusal ? `❌ ${note.text}` : note.text));
}

import { ApplicationCommandOptionType } from 'discord.js';
import { buy as buyItem, owns } from '../../economy/purchases.js';
import { SHOP_ITEMS } from '../../economy/shop.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import type { AutocompleteHandler } from '../../framework/types.js';
import { msg } from '../../i18n/message.js';
import { buyNote, credits, itemNamed, shopDeps } from './shared.js';

/** `/shop buy item:`: charge once, then the item is the member's (see src/economy/purchases.ts). */
export const buy = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'buy',
    description: 'cmd.shop.buy',
    options: [{ type: ApplicationCommandOptionType.String, name: 'item', description: 'cmd.shop.buy.item', required: true, autocomplete: true, max_length: 100 }],
  },
  async run({ interaction, services, respond, t }, { item: typed }) {
    // The autocomplete sends the id; a member who typed a name without picking gets it matched too.
    const item = itemNamed(typed, t);
    if (!item) throw new UserError(msg('economy.shop.noSuchItem'), 'not_found');
    const result = await buyItem(shopDeps(services), interaction.guildId, interaction.user.id, item);
    const note = buyNote(result);
    if (note.refusal) throw new UserError(note.text, result.kind === 'pending' ? 'conflict' : 'validation');
    await respond({ content: t.text(note.text), ephemeral: true });
  },
});

/** Items whose name (in the member's words or English) or id contains what they typed: name and price, marked when owned. */
export const itemAutocomplete: AutocompleteHandler = async ({ interaction, services, t }) => {
  const typed = String(interaction.options.getFocused()).trim().toLowerCase();
  const guildId = interaction.guildId;
  const stats = await services.memberStats.get(guildId, interaction.user.id);
  return SHOP_ITEMS.filter((i) => t.t(i.name).toLowerCase().includes(typed) || i.label.toLowerCase().includes(typed) || i.id.includes(typed)).map((i) => ({
    name: t.t(owns(stats, i) ? 'economy.shop.optionOwned' : 'economy.shop.option', { name: t.t(i.name), price: credits(i.price) }),
    value: i.id,
  }));
};

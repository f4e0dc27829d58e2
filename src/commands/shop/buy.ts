import { ApplicationCommandOptionType } from 'discord.js';
import { buy as buyItem, owns } from '../../economy/purchases.js';
import { SHOP_ITEMS, shopItem } from '../../economy/shop.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import type { AutocompleteHandler } from '../../framework/types.js';
import { buyNote, credits, shopDeps } from './shared.js';

/** `/shop buy item:`: charge once, then the item is the member's (see src/economy/purchases.ts). */
export const buy = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'buy',
    description: 'Buy a canvas colour or a profile background',
    options: [{ type: ApplicationCommandOptionType.String, name: 'item', description: 'What to buy', required: true, autocomplete: true, max_length: 100 }],
  },
  async run({ interaction, services, respond }, { item: typed }) {
    // The autocomplete sends the id; a member who typed a label without picking gets it matched too.
    const wanted = typed.trim().toLowerCase();
    const item = shopItem(typed.trim()) ?? SHOP_ITEMS.find((i) => i.label.toLowerCase() === wanted);
    if (!item) throw new UserError('There is no such item in the shop. Pick one from the list, or see `/shop view`.', 'not_found');
    const [result, f] = await Promise.all([buyItem(shopDeps(services), interaction.guildId, interaction.user.id, item), services.guildConfigs.format(interaction.guildId)]);
    const note = buyNote(result, f);
    if (note.refusal) throw new UserError(note.text, result.kind === 'pending' ? 'conflict' : 'validation');
    await respond({ content: note.text, ephemeral: true });
  },
});

/** Items whose name or id contains what the member typed: name and price, marked when owned. */
export const itemAutocomplete: AutocompleteHandler = async ({ interaction, services }) => {
  const typed = String(interaction.options.getFocused()).trim().toLowerCase();
  const guildId = interaction.guildId;
  const [stats, f] = await Promise.all([
    services.cols.memberStats.findOne({ _id: `${guildId}:${interaction.user.id}`, guildId }),
    services.guildConfigs.format(guildId),
  ]);
  return SHOP_ITEMS.filter((i) => i.label.toLowerCase().includes(typed) || i.id.includes(typed)).map((i) => ({
    name: `${i.label} — ${credits(i.price, f)}${owns(stats, i) ? ' (owned)' : ''}`,
    value: i.id,
  }));
};

/**
 * /shop: canvas colours and profile backgrounds for credits. `view` lists the items (src/economy/shop.ts)
 * with prices, what the member owns and their balance, paged, with a buy menu; `buy item:` buys one.
 * Buying is src/economy/purchases.ts. This file holds the definition and the routing only.
 */
import { choices } from '../discord/limits.js';
import { defineCommand } from '../framework/define.js';
import { buy, itemAutocomplete } from './shop/buy.js';
import { buyFromMenu, turnPage, view } from './shop/view.js';

export default defineCommand({
  name: 'shop',
  description: 'cmd.shop',
  // Balances and purchases concern only the member.
  ephemeral: true,
  subcommands: [view, buy],
  autocomplete: async (ctx) => choices(await itemAutocomplete(ctx)),
  buttons: { page: turnPage },
  selects: { buy: buyFromMenu },
});

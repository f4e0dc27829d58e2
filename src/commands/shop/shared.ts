/**
 * What /shop's subcommands and components share: the purchase dependencies from the services, the
 * shop message (items with prices and what the member owns, their balance, pages, a buy menu) and the
 * words for each purchase outcome.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, StringSelectMenuBuilder, type APIEmbed } from 'discord.js';
import { toHex } from '../../canvas/palette.js';
import type { MemberStats } from '../../db/schemas.js';
import { healPurchases, owns, type BuyResult, type ShopDeps } from '../../economy/purchases.js';
import { SHOP_ITEMS, type ShopItem } from '../../economy/shop.js';
import { clip, LIMITS } from '../../discord/limits.js';
import type { GuildFormat } from '../../format/guildFormat.js';
import { encodeCustomId } from '../../framework/customId.js';
import type { AppServices } from '../../services/container.js';

/** Items per page: the eight colours fill the first, backgrounds follow. */
export const ITEMS_PER_PAGE = 8;
export const SHOP_PAGES = Math.max(1, Math.ceil(SHOP_ITEMS.length / ITEMS_PER_PAGE));

export function shopDeps(services: AppServices): ShopDeps {
  return { economy: services.economy, memberStats: services.cols.memberStats, ledger: services.cols.creditLedger };
}

export const credits = (n: number, f: GuildFormat) => `${f.number(n)} credit${n === 1 ? '' : 's'}`;

function itemLine(item: ShopItem, stats: MemberStats | null, f: GuildFormat): string {
  const what = item.kind === 'color' ? `🎨 **${item.label}** \`${toHex(item.rgb)}\`` : `🖼️ **${item.label}**`;
  const mark = !owns(stats, item) ? '' : item.kind === 'background' && stats?.profileBackground === item.id ? ' · ✅ owned, in use' : ' · ✅ owned';
  return `${what} — ${credits(item.price, f)}${mark}`;
}

/** The member's shop page; purchases a crash left ungranted are granted first (healPurchases). */
export async function shopMessage(services: AppServices, guildId: string, userId: string, page: number, note?: string) {
  const [stats, balance, f] = await Promise.all([
    healPurchases(shopDeps(services), guildId, userId),
    services.economy.balance(guildId, userId),
    services.guildConfigs.format(guildId),
  ]);
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), SHOP_PAGES);
  const items = SHOP_ITEMS.slice((current - 1) * ITEMS_PER_PAGE, current * ITEMS_PER_PAGE);
  const embed: APIEmbed = {
    color: 0xf1c40f,
    title: '🛒 Shop',
    description: [
      `Your balance: **${credits(balance, f)}**.`,
      '',
      ...items.map((item) => itemLine(item, stats, f)),
      '',
      'Buy with `/shop buy item:` or the menu below. Colours you own work with `/canvas place color:#RRGGBB` and the canvas colour menu; a background shows on your `/profile`.',
    ].join('\n'),
    footer: { text: `Page ${f.number(current)}/${f.number(SHOP_PAGES)}` },
  };
  const rows: ActionRowBuilder<StringSelectMenuBuilder | ButtonBuilder>[] = [];
  const forSale = items.filter((item) => !owns(stats, item));
  if (forSale.length) {
    const menu = new StringSelectMenuBuilder()
      .setCustomId(encodeCustomId('shop', 'buy', current))
      .setPlaceholder('Buy an item…')
      .addOptions(forSale.slice(0, LIMITS.selectOptions).map((item) => ({ label: clip(`${item.label} — ${credits(item.price, f)}`, LIMITS.selectLabel), value: item.id })));
    rows.push(new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu));
  }
  if (SHOP_PAGES > 1) {
    // The direction keeps the two ids distinct whatever the target pages are.
    const nav = (direction: 'p' | 'n', target: number, disabled: boolean) =>
      new ButtonBuilder()
        .setCustomId(encodeCustomId('shop', 'page', target, direction))
        .setLabel(direction === 'p' ? '◀' : '▶')
        .setStyle(ButtonStyle.Secondary)
        .setDisabled(disabled);
    rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(nav('p', current - 1, current <= 1), nav('n', current + 1, current >= SHOP_PAGES)));
  }
  return { content: note ? clip(note, LIMITS.content) : '', embeds: [embed], components: rows };
}

/** What a purchase did, in words; `refusal` when nothing was bought or granted. */
export function buyNote(result: BuyResult, f: GuildFormat): { text: string; refusal: boolean } {
  const { item } = result;
  const name = `**${item.label}**`;
  const use = item.kind === 'color' ? ` Use it with \`/canvas place color:${toHex(item.rgb)}\`.` : ' It is now your profile background.';
  switch (result.kind) {
    case 'bought':
      return { text: `✅ You bought ${name} for **${credits(result.price, f)}**.${use} Balance: **${credits(result.balance, f)}**.`, refusal: false };
    case 'granted':
      return { text: `✅ ${name} is yours: it was paid for already, so nothing was charged now.${use}`, refusal: false };
    case 'owned':
      return result.activated
        ? { text: `✅ You already own ${name}; it is your profile background again.`, refusal: false }
        : { text: `You already own ${name}.`, refusal: true };
    case 'poor':
      return { text: `${name} costs **${credits(item.price, f)}**; you have **${credits(result.balance, f)}**.`, refusal: true };
    case 'pending':
      return { text: `Your purchase of ${name} is being processed; try again in a moment.`, refusal: true };
  }
}

/**
 * What /shop's subcommands and components share: the purchase dependencies from the services, the
 * shop message (items with prices and what the member owns, their balance, pages, a buy menu) and the
 * words for each purchase outcome. The shop is the member's own (ephemeral): their words (`ctx.t`).
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, StringSelectMenuBuilder, type APIEmbed } from 'discord.js';
import { toHex } from '../../canvas/palette.js';
import type { MemberStats } from '../../db/schemas.js';
import { healPurchases, owns, type BuyResult, type ShopDeps } from '../../economy/purchases.js';
import { SHOP_ITEMS, type ShopItem } from '../../economy/shop.js';
import { clip, LIMITS } from '../../discord/limits.js';
import { encodeCustomId } from '../../framework/customId.js';
import { msg } from '../../i18n/message.js';
import type { Translator } from '../../i18n/translate.js';
import type { Msg } from '../../i18n/types.js';
import type { AppServices } from '../../services/container.js';

/** Items per page: the eight colours fill the first, backgrounds follow. */
export const ITEMS_PER_PAGE = 8;
export const SHOP_PAGES = Math.max(1, Math.ceil(SHOP_ITEMS.length / ITEMS_PER_PAGE));

export function shopDeps(services: AppServices): ShopDeps {
  return { economy: services.economy, memberStats: services.memberStats, ledger: services.cols.creditLedger };
}

/** `500 credits`, in the reader's words and number format. */
export const credits = (count: number): Msg => msg('economy.credits', { count });

/** The item a member named: its id (what the autocomplete sends), or its name in their words or in English. */
export function itemNamed(typed: string, t: Translator): ShopItem | undefined {
  const wanted = typed.trim().toLowerCase();
  return SHOP_ITEMS.find((i) => i.id === typed.trim()) ?? SHOP_ITEMS.find((i) => t.t(i.name).toLowerCase() === wanted || i.label.toLowerCase() === wanted);
}

function itemLine(item: ShopItem, stats: MemberStats | null, t: Translator): string {
  const name = t.t(item.name);
  const price = credits(item.price);
  const what = item.kind === 'color' ? t.t('economy.shop.line.color', { name, hex: toHex(item.rgb), price }) : t.t('economy.shop.line.background', { name, price });
  if (!owns(stats, item)) return what;
  const inUse = item.kind === 'background' && stats?.profileBackground === item.id;
  return `${what} · ${t.t(inUse ? 'economy.shop.ownedInUse' : 'economy.shop.owned')}`;
}

/** The member's shop page; purchases a crash left ungranted are granted first (healPurchases). */
export async function shopMessage(services: AppServices, guildId: string, userId: string, page: number, t: Translator, note?: string) {
  const [stats, balance] = await Promise.all([healPurchases(shopDeps(services), guildId, userId), services.economy.balance(guildId, userId)]);
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), SHOP_PAGES);
  const items = SHOP_ITEMS.slice((current - 1) * ITEMS_PER_PAGE, current * ITEMS_PER_PAGE);
  const embed: APIEmbed = {
    color: 0xf1c40f,
    title: t.t('economy.shop.title'),
    description: [
      t.t('economy.shop.balance', { credits: credits(balance) }),
      '',
      ...items.map((item) => itemLine(item, stats, t)),
      '',
      t.t('economy.shop.help'),
    ].join('\n'),
    footer: { text: t.t('economy.shop.page', { page: current, pages: SHOP_PAGES }) },
  };
  const rows: ActionRowBuilder<StringSelectMenuBuilder | ButtonBuilder>[] = [];
  const forSale = items.filter((item) => !owns(stats, item));
  if (forSale.length) {
    const menu = new StringSelectMenuBuilder()
      .setCustomId(encodeCustomId('shop', 'buy', current))
      .setPlaceholder(t.t('economy.shop.menu'))
      .addOptions(
        forSale
          .slice(0, LIMITS.selectOptions)
          .map((item) => ({ label: clip(t.t('economy.shop.option', { name: t.t(item.name), price: credits(item.price) }), LIMITS.selectLabel), value: item.id })),
      );
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

/** What a purchase did, as a message; `refusal` when nothing was bought or granted. */
export function buyNote(result: BuyResult): { text: Msg; refusal: boolean } {
  const { item } = result;
  const name = msg(item.name);
  const use = item.kind === 'color' ? msg('economy.buy.useColor', { hex: toHex(item.rgb) }) : msg('economy.buy.useBackground');
  switch (result.kind) {
    case 'bought':
      return { text: msg('economy.buy.bought', { name, price: credits(result.price), use, balance: credits(result.balance) }), refusal: false };
    case 'granted':
      return { text: msg('economy.buy.granted', { name, use }), refusal: false };
    case 'owned':
      return result.activated ? { text: msg('economy.buy.activated', { name }), refusal: false } : { text: msg('economy.buy.owned', { name }), refusal: true };
    case 'poor':
      return { text: msg('economy.buy.poor', { name, price: credits(item.price), balance: credits(result.balance) }), refusal: true };
    case 'pending':
      return { text: msg('economy.buy.pending', { name }), refusal: true };
  }
}

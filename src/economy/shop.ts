/**
 * The one table of things the shop sells. Canvas colours join the member's palette (the canvas offers
 * them at once: `memberStats.ownedColors`); profile backgrounds change the member's `/profile` card
 * (`memberStats.ownedItems`, the one in use in `memberStats.profileBackground`).
 */
import type { PlainKey } from '../i18n/keys.js';
import { ENGLISH } from '../i18n/translate.js';

/** `name`: the item's name in the catalog (what members read); `label`: its English name (tests, logs). */
export type ShopItem =
  | { id: string; kind: 'color'; name: PlainKey; label: string; price: number; rgb: number }
  | { id: string; kind: 'background'; name: PlainKey; label: string; price: number; colors: readonly [number, number] };

type WithoutLabel<T> = T extends unknown ? Omit<T, 'label'> : never;
type ItemSpec = WithoutLabel<ShopItem>;

const ITEMS: readonly ItemSpec[] = [
  { id: 'color-gold', kind: 'color', name: 'economy.item.color-gold', price: 500, rgb: 0xffd700 },
  { id: 'color-crimson', kind: 'color', name: 'economy.item.color-crimson', price: 500, rgb: 0xdc143c },
  { id: 'color-teal', kind: 'color', name: 'economy.item.color-teal', price: 500, rgb: 0x008080 },
  { id: 'color-olive', kind: 'color', name: 'economy.item.color-olive', price: 500, rgb: 0x808000 },
  { id: 'color-navy', kind: 'color', name: 'economy.item.color-navy', price: 500, rgb: 0x000080 },
  { id: 'color-salmon', kind: 'color', name: 'economy.item.color-salmon', price: 500, rgb: 0xfa8072 },
  { id: 'color-mint', kind: 'color', name: 'economy.item.color-mint', price: 500, rgb: 0x98ff98 },
  { id: 'color-lavender', kind: 'color', name: 'economy.item.color-lavender', price: 500, rgb: 0xb57edc },
  { id: 'bg-sunset', kind: 'background', name: 'economy.item.bg-sunset', price: 1500, colors: [0xff7e5f, 0x6a3093] },
  { id: 'bg-forest', kind: 'background', name: 'economy.item.bg-forest', price: 1500, colors: [0x134e5e, 0x71b280] },
  { id: 'bg-night', kind: 'background', name: 'economy.item.bg-night', price: 1500, colors: [0x0f2027, 0x2c5364] },
];

export const SHOP_ITEMS: readonly ShopItem[] = ITEMS.map((item) => ({ ...item, label: ENGLISH.t(item.name) }) as ShopItem);

const BY_ID = new Map(SHOP_ITEMS.map((i) => [i.id, i]));

export function shopItem(id: string): ShopItem | undefined {
  return BY_ID.get(id);
}

/** The background of a card without a bought one. */
export const DEFAULT_BACKGROUND: readonly [number, number] = [0x23272a, 0x2c2f33];

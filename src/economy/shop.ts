/**
 * The one table of things the shop sells. Canvas colours join the member's palette (the canvas offers
 * them at once: `memberStats.ownedColors`); profile backgrounds change the member's `/profile` card
 * (`memberStats.ownedItems`, the one in use in `memberStats.profileBackground`).
 */
export type ShopItem =
  | { id: string; kind: 'color'; label: string; price: number; rgb: number }
  | { id: string; kind: 'background'; label: string; price: number; colors: readonly [number, number] };

export const SHOP_ITEMS: readonly ShopItem[] = [
  { id: 'color-gold', kind: 'color', label: 'Gold', price: 500, rgb: 0xffd700 },
  { id: 'color-crimson', kind: 'color', label: 'Crimson', price: 500, rgb: 0xdc143c },
  { id: 'color-teal', kind: 'color', label: 'Deep teal', price: 500, rgb: 0x008080 },
  { id: 'color-olive', kind: 'color', label: 'Olive', price: 500, rgb: 0x808000 },
  { id: 'color-navy', kind: 'color', label: 'Navy', price: 500, rgb: 0x000080 },
  { id: 'color-salmon', kind: 'color', label: 'Salmon', price: 500, rgb: 0xfa8072 },
  { id: 'color-mint', kind: 'color', label: 'Mint', price: 500, rgb: 0x98ff98 },
  { id: 'color-lavender', kind: 'color', label: 'Lavender', price: 500, rgb: 0xb57edc },
  { id: 'bg-sunset', kind: 'background', label: 'Sunset profile background', price: 1500, colors: [0xff7e5f, 0x6a3093] },
  { id: 'bg-forest', kind: 'background', label: 'Forest profile background', price: 1500, colors: [0x134e5e, 0x71b280] },
  { id: 'bg-night', kind: 'background', label: 'Night sky profile background', price: 1500, colors: [0x0f2027, 0x2c5364] },
] as const;

const BY_ID = new Map(SHOP_ITEMS.map((i) => [i.id, i]));

export function shopItem(id: string): ShopItem | undefined {
  return BY_ID.get(id);
}

/** The background of a card without a bought one. */
export const DEFAULT_BACKGROUND: readonly [number, number] = [0x23272a, 0x2c2f33];

/**
 * Buying from the shop (./shop.ts): charge through the ledger, then grant the item to the member
 * (MemberStatsRepo: owning an item twice changes nothing). There is no transaction between the
 * two writes, so the ledger's entry is the proof of payment: a purchase whose entry is applied but whose
 * item is missing (the process died between the two) is granted on the member's next `/shop buy` of it
 * or `/shop view`, without a second charge.
 *
 * Keys: a member's first purchase attempt of an item is `shop:<userId>:<itemId>`. A refused attempt
 * (too few credits; nothing moved) stays in the ledger under its key, so the next attempt takes the next
 * key (`…#2`, `…#3`). A key is used only after every earlier one was refused, and `refused` is final,
 * so at most one key of an item is ever applied: an item can never be charged twice.
 */
import type { Collection } from 'mongodb';
import type { MemberStats } from '../db/schemas.js';
import type { MemberStatsRepo } from '../repos/memberStatsRepo.js';
import type { Economy } from './economy.js';
import { entryId } from './ledger.js';
import type { LedgerEntry } from './schemas.js';
import { shopItem, type ShopItem } from './shop.js';

export interface ShopDeps {
  economy: Economy;
  memberStats: Pick<MemberStatsRepo, 'get' | 'addOwnedColor' | 'addOwnedBackground' | 'useBackground'>;
  ledger: Collection<LedgerEntry>;
}

export type BuyResult =
  | { kind: 'bought'; item: ShopItem; price: number; balance: number }
  /** Paid for earlier (an interrupted purchase, a double click): granted now, not charged again. */
  | { kind: 'granted'; item: ShopItem }
  /** Owned already; a background is made the one in use again (`activated`). */
  | { kind: 'owned'; item: ShopItem; activated: boolean }
  | { kind: 'poor'; item: ShopItem; balance: number }
  /** Another request is charging this very purchase right now (a double click). */
  | { kind: 'pending'; item: ShopItem };

export const purchaseKey = (userId: string, itemId: string, attempt = 1) => `shop:${userId}:${itemId}${attempt > 1 ? `#${attempt}` : ''}`;

export function owns(stats: Pick<MemberStats, 'ownedColors' | 'ownedItems'> | null | undefined, item: ShopItem): boolean {
  return item.kind === 'color' ? (stats?.ownedColors ?? []).includes(item.rgb) : (stats?.ownedItems ?? []).includes(item.id);
}

/** The member's purchase entries, of one item or of all: their `_id`s share a prefix (a range of the `_id` index). */
async function purchaseEntries(ledger: Collection<LedgerEntry>, guildId: string, userId: string, itemId?: string): Promise<LedgerEntry[]> {
  const prefix = entryId(guildId, `shop:${userId}:`);
  const from = itemId ? prefix + itemId : prefix;
  const entries = await ledger.find({ _id: { $gte: from, $lt: `${from}\uffff` } }).toArray();
  // `color-gold` is also the start of a longer id: keep exactly this item's keys.
  return itemId ? entries.filter((e) => purchasedItemId(e, prefix) === itemId) : entries;
}

/** The item a purchase entry paid for, read from its key (`shop:<userId>:<itemId>[#n]`). */
function purchasedItemId(entry: LedgerEntry, prefix: string): string {
  return entry._id.slice(prefix.length).replace(/#\d+$/, '');
}

/** Puts the item on the member (idempotent); a background becomes the one their profile shows. */
export function grant(memberStats: ShopDeps['memberStats'], guildId: string, userId: string, item: ShopItem): Promise<void> {
  return item.kind === 'color' ? memberStats.addOwnedColor(guildId, userId, item.rgb) : memberStats.addOwnedBackground(guildId, userId, item.id);
}

export async function buy(deps: ShopDeps, guildId: string, userId: string, item: ShopItem): Promise<BuyResult> {
  const stats = await deps.memberStats.get(guildId, userId);
  if (owns(stats, item)) {
    const activate = item.kind === 'background' && stats?.profileBackground !== item.id;
    if (activate) await deps.memberStats.useBackground(guildId, userId, item.id);
    return { kind: 'owned', item, activated: activate };
  }
  const entries = await purchaseEntries(deps.ledger, guildId, userId, item.id);
  if (entries.some((e) => e.state === 'applied')) {
    await grant(deps.memberStats, guildId, userId, item);
    return { kind: 'granted', item };
  }
  // A pending entry is retried under its own key (the ledger finishes it if a crash left it); else the
  // attempt after the refused ones.
  const pending = entries.find((e) => e.state === 'pending');
  const refused = entries.filter((e) => e.state === 'refused').length;
  const key = pending ? pending._id.slice(`${guildId}|`.length) : purchaseKey(userId, item.id, refused + 1);
  if (!pending) {
    // A plain "too few credits" leaves no entry behind: only a race with another spending does.
    const balance = await deps.economy.balance(guildId, userId);
    if (balance < item.price) return { kind: 'poor', item, balance };
  }
  const paid = await deps.economy.spend(guildId, userId, item.price, 'shop', key, item.id);
  if (paid.outcome === 'refused') return { kind: 'poor', item, balance: await deps.economy.balance(guildId, userId) };
  if (paid.outcome === 'pending') return { kind: 'pending', item };
  await grant(deps.memberStats, guildId, userId, item);
  if (!paid.fresh) return { kind: 'granted', item };
  return { kind: 'bought', item, price: -paid.entry.legs[0]!.amount, balance: await deps.economy.balance(guildId, userId) };
}

/**
 * Grants every item the member paid for but does not hold (an interrupted purchase). Returns the member's
 * stats as they are after it, for showing what they own.
 */
export async function healPurchases(deps: ShopDeps, guildId: string, userId: string): Promise<MemberStats | null> {
  const [stats, entries] = await Promise.all([
    deps.memberStats.get(guildId, userId),
    purchaseEntries(deps.ledger, guildId, userId),
  ]);
  const prefix = entryId(guildId, `shop:${userId}:`);
  const missing = entries
    .filter((e) => e.state === 'applied')
    .map((e) => shopItem(purchasedItemId(e, prefix)))
    .filter((item): item is ShopItem => item !== undefined && !owns(stats, item));
  if (!missing.length) return stats;
  for (const item of missing) await grant(deps.memberStats, guildId, userId, item);
  return deps.memberStats.get(guildId, userId);
}

/**
 * Shop purchases against a MongoDB-wire server: a purchase charges once and grants the item, a second
 * purchase or one with too few credits is refused without a charge, concurrent purchases of one item
 * charge once, a refused attempt does not block a later one, and a crash between the charge and the
 * grant is healed on the next purchase or shop view without a second charge.
 */
import { describe, expect, it } from 'vitest';
import { buy, healPurchases, purchaseKey } from '../../src/economy/purchases.js';
import { SHOP_ITEMS, shopItem, type ShopItem } from '../../src/economy/shop.js';
import { useEconomyWorld } from './world.js';

const G = '1820000000000000001';
const A = '1820000000000000011';

const world = useEconomyWorld();

const item = (id: string): ShopItem => shopItem(id)!;
const gold = () => shopItem('color-gold') as Extract<ShopItem, { kind: 'color' }>;
const sunset = () => item('bg-sunset');
const member = () => world.cols.memberStats.findOne({ _id: `${G}:${A}` });
let seeds = 0;
const seed = (amount: number) => world.economy.earn(G, A, amount, 'kill', `kill:seed${seeds++}`);
/** What the ledger charged A for shop items. */
async function charged(): Promise<number> {
  const entries = await world.cols.creditLedger.find({ reason: 'shop', state: 'applied' }).toArray();
  return -entries.reduce((sum, e) => sum + e.legs[0]!.amount, 0);
}

describe('shop purchases', () => {
  it('the table is sound: unique ids, positive whole prices, colours outside the free palette', async () => {
    const { DEFAULT_PALETTE } = await import('../../src/canvas/palette.js');
    expect(new Set(SHOP_ITEMS.map((i) => i.id)).size).toBe(SHOP_ITEMS.length);
    for (const i of SHOP_ITEMS) expect(Number.isSafeInteger(i.price) && i.price > 0).toBe(true);
    for (const i of SHOP_ITEMS) if (i.kind === 'color') expect(DEFAULT_PALETTE.some((p) => p.rgb === i.rgb)).toBe(false);
  });

  it('charges once and grants a colour; buying it again is refused without a charge', async () => {
    await seed(1200);
    expect(await buy(world.deps, G, A, gold())).toMatchObject({ kind: 'bought', price: gold().price, balance: 1200 - gold().price });
    expect((await member())?.ownedColors).toEqual([gold().rgb]);
    expect(await buy(world.deps, G, A, gold())).toMatchObject({ kind: 'owned' });
    expect(await world.economy.balance(G, A)).toBe(1200 - gold().price);
    expect(await charged()).toBe(gold().price);
  });

  it('makes a bought background the one in use, and an owned one in use again', async () => {
    await seed(4000);
    await buy(world.deps, G, A, sunset());
    expect(await member()).toMatchObject({ ownedItems: ['bg-sunset'], profileBackground: 'bg-sunset' });
    await buy(world.deps, G, A, item('bg-forest'));
    expect(await member()).toMatchObject({ ownedItems: ['bg-sunset', 'bg-forest'], profileBackground: 'bg-forest' });
    expect(await buy(world.deps, G, A, sunset())).toMatchObject({ kind: 'owned', activated: true });
    expect((await member())?.profileBackground).toBe('bg-sunset');
    expect(await world.economy.balance(G, A)).toBe(4000 - 2 * sunset().price);
  });

  it('refuses too few credits without a ledger entry, and sells once the member can pay', async () => {
    await seed(gold().price - 1);
    expect(await buy(world.deps, G, A, gold())).toEqual({ kind: 'poor', item: gold(), balance: gold().price - 1 });
    expect(await world.cols.creditLedger.countDocuments({ reason: 'shop' })).toBe(0);
    await seed(1);
    expect(await buy(world.deps, G, A, gold())).toMatchObject({ kind: 'bought', balance: 0 });
  });

  it('a refusal from a race does not block the item: the next attempt takes the next key', async () => {
    // An attempt that lost a race: its entry is refused (nothing moved) under the first key.
    expect((await world.economy.spend(G, A, gold().price, 'shop', purchaseKey(A, gold().id), gold().id)).outcome).toBe('refused');
    await seed(gold().price);
    expect(await buy(world.deps, G, A, gold())).toMatchObject({ kind: 'bought', balance: 0 });
    const entries = await world.cols.creditLedger.find({ reason: 'shop' }).sort({ _id: 1 }).toArray();
    expect(entries.map((e) => [e._id, e.state])).toEqual([
      [`${G}|${purchaseKey(A, gold().id)}`, 'refused'],
      [`${G}|${purchaseKey(A, gold().id, 2)}`, 'applied'],
    ]);
  });

  it('charges one of many concurrent purchases of an item', async () => {
    await seed(5000);
    const results = await Promise.all(Array.from({ length: 10 }, () => buy(world.deps, G, A, gold())));
    expect(results.filter((r) => r.kind === 'bought')).toHaveLength(1);
    expect(await world.economy.balance(G, A)).toBe(5000 - gold().price);
    expect((await member())?.ownedColors).toEqual([gold().rgb]);
  });

  it('never overspends when concurrent purchases of different items outrun the balance', async () => {
    await seed(3 * 500);
    const colours = SHOP_ITEMS.filter((i) => i.kind === 'color' && i.price === 500).slice(0, 6);
    const results = await Promise.all(colours.map((c) => buy(world.deps, G, A, c)));
    expect(results.filter((r) => r.kind === 'bought')).toHaveLength(3);
    expect(await world.economy.balance(G, A)).toBe(0);
    expect((await member())?.ownedColors).toHaveLength(3);
  });

  it('grants an item paid for before a crash on the next purchase, without a second charge', async () => {
    await seed(gold().price);
    // The charge went through; the process died before the grant.
    await world.economy.spend(G, A, gold().price, 'shop', purchaseKey(A, gold().id), gold().id);
    expect(await world.economy.balance(G, A)).toBe(0);
    expect(await buy(world.deps, G, A, gold())).toMatchObject({ kind: 'granted' });
    expect((await member())?.ownedColors).toEqual([gold().rgb]);
    expect(await charged()).toBe(gold().price);
  });

  it('grants interrupted purchases when the member opens the shop', async () => {
    await seed(2000);
    await world.economy.spend(G, A, sunset().price, 'shop', purchaseKey(A, sunset().id), sunset().id);
    // Another member's payment and an unknown key are not this member's purchases.
    await world.economy.earn(G, '1820000000000000099', 600, 'kill', 'kill:other');
    await world.economy.spend(G, '1820000000000000099', 500, 'shop', purchaseKey('1820000000000000099', 'color-mint'), 'color-mint');
    const stats = await healPurchases(world.deps, G, A);
    expect(stats).toMatchObject({ ownedItems: ['bg-sunset'], profileBackground: 'bg-sunset' });
    expect(stats?.ownedColors ?? []).toEqual([]);
    expect(await world.economy.balance(G, A)).toBe(2000 - sunset().price);
  });
});

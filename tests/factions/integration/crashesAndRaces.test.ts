/**
 * Faction writes cut short by a crash or raced by a second request, on a real MongoDB-wire server
 * (src/factions/service.ts, store.ts): a disband cut short is never taken for a create cut short (no free
 * faction, no old member carried over), two resumes of one create at once make one faction without a
 * refund, a join whose check after its insert fails keeps the member count exact, and FACTIONS_MAX holds
 * against creates at once. Races are made certain by holding a write until every racer reached it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collection } from 'mongodb';
import { collections, ensureIndexes, type Collections } from '../../../src/db/collections.js';
import type { Faction } from '../../../src/db/factionSchemas.js';
import { Economy } from '../../../src/economy/economy.js';
import { UserError } from '../../../src/errors.js';
import { FactionService, factionCostKey } from '../../../src/factions/service.js';
import { FACTIONS_MAX } from '../../../src/factions/store.js';
import { ENGLISH } from '../../../src/i18n/translate.js';
import { createLogger } from '../../../src/logger.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';

let mongo: TestMongo;
let cols: Collections;
let economy: Economy;
let svc: FactionService;
const clock = new Date('2025-06-01T10:00:00Z');

/** The collection with `method` held until `n` calls reached it (then all go at once, and later ones freely). */
function gated<T extends object>(col: T, method: string, n: number): T {
  const waiting: (() => void)[] = [];
  return new Proxy(col, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target) as unknown;
      if (typeof v !== 'function') return v;
      const fn = (v as (...a: unknown[]) => unknown).bind(target);
      if (prop !== method) return fn;
      return async (...args: unknown[]) => {
        if (waiting.length < n) {
          await new Promise<void>((go) => {
            waiting.push(go);
            if (waiting.length === n) waiting.forEach((w) => w());
          });
        }
        return fn(...args);
      };
    },
  });
}

/** A service whose faction collection is `factions` (a gated or failing one). */
const serviceWith = (factions: Collection<Faction>) => new FactionService({ cols: { factions, factionMembers: cols.factionMembers }, links: cols.playerLinks, economy, now: () => clock });
const balance = async (g: string, u: string) => (await cols.creditBalances.findOne({ _id: `${g}:${u}` }))?.credits ?? 0;
const seed = (g: string, u: string, credits: number) => economy.earn(g, u, credits, 'eco', `seed:${g}:${u}`, null);
const english = (e: unknown) => (e instanceof UserError ? ENGLISH.text(e.text) : String(e));

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  economy = new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger: createLogger('silent') });
  svc = serviceWith(cols.factions);
}, 60_000);
afterAll(async () => {
  await mongo?.stop();
});

describe('a disband cut short', () => {
  const COST = 50;
  /** A paid faction of LEAD with a member, for each way a disband can be cut short. */
  async function founded(g: string) {
    await seed(g, 'lead', 200);
    const old = await svc.create(g, 'lead', 'Old Guard', 'OLD', COST);
    await svc.accept(g, old._id, 'mem', 10);
    return old;
  }
  /** LEAD founds again: charged again under a fresh key, alone in the new faction; the old member is free. */
  async function refounds(g: string, old: Faction) {
    const f = await svc.create(g, 'lead', 'Old Guard', 'OLD', COST);
    expect(f._id).not.toBe(old._id);
    expect(await balance(g, 'lead')).toBe(200 - 2 * COST);
    const paid = await cols.creditLedger.find({ guildId: g, reason: 'faction', state: 'applied' }).toArray();
    expect(paid.map((e) => e._id).sort()).toEqual([`${g}|${factionCostKey(old._id)}`, `${g}|${factionCostKey(f._id)}`].sort());
    expect((await svc.store.members(f._id, 10)).map((m) => m.userId)).toEqual(['lead']);
    expect((await cols.factions.findOne({ _id: f._id }))?.memberCount).toBe(1);
    expect(await svc.store.membership(g, 'mem')).toBeNull();
    expect(await cols.factionMembers.countDocuments({ factionId: old._id, active: true })).toBe(0);
    expect(await cols.factions.countDocuments({ _id: old._id })).toBe(0);
  }

  it('after its first write (the mark): the leader founds anew, paying, without the old members', async () => {
    const g = '1850000000000000001';
    const old = await founded(g);
    await svc.store.markDisband(old._id, clock);
    // Marked: no longer live for anyone, though its stints are still active.
    expect(await svc.store.list(g)).toEqual([]);
    expect((await svc.factionOfMembers(g, ['mem'])).size).toBe(0);
    await refounds(g, old);
  });

  it('after its second write (stints ended): the leftover holds no tag, and the next create removes it', async () => {
    const g = '1850000000000000002';
    const old = await founded(g);
    await svc.store.markDisband(old._id, clock);
    await svc.store.finishDisband(old._id, clock);
    await cols.factions.updateOne({ _id: old._id }, { $set: { disbandedAt: clock } }); // as if the delete never ran
    expect(await svc.store.find(g, 'OLD')).toBeNull();
    await refounds(g, old);
  });

  it('as the old order left it (faction removed, stints active): not resumed as a create', async () => {
    const g = '1850000000000000003';
    const old = await founded(g);
    await cols.factions.deleteOne({ _id: old._id });
    await refounds(g, old);
  });

  it('is finished by the leader clicking disband again', async () => {
    const g = '1850000000000000004';
    const old = await founded(g);
    await svc.store.markDisband(old._id, clock);
    expect((await svc.disband(g, 'lead', old._id))._id).toBe(old._id);
    expect(await cols.factions.countDocuments({ _id: old._id })).toBe(0);
    expect(await cols.factionMembers.countDocuments({ factionId: old._id, active: true })).toBe(0);
  });
});

describe('creates at once', () => {
  it('two resumes of a create a crash cut short make one faction, charged once, nothing refunded', async () => {
    const g = '1850000000000000010';
    await seed(g, 'crash', 100);
    await svc.store.seatFounder(g, 'cut-id', 'crash', clock);
    await economy.spend(g, 'crash', 60, 'faction', factionCostKey('cut-id'), 'cut-id');
    const racing = serviceWith(gated(cols.factions, 'insertOne', 2));
    const made = await Promise.all([racing.create(g, 'crash', 'Phoenix', 'PHX', 60), racing.create(g, 'crash', 'Phoenix', 'PHX', 60)]);
    expect(made.map((f) => f._id)).toEqual(['cut-id', 'cut-id']);
    expect(await balance(g, 'crash')).toBe(40);
    expect(await cols.creditLedger.countDocuments({ guildId: g, reason: 'faction' })).toBe(1);
    expect((await svc.standing(g, 'crash')).faction._id).toBe('cut-id');
    expect(await cols.factionMembers.countDocuments({ factionId: 'cut-id', active: true })).toBe(1);
  });

  it(`hold FACTIONS_MAX (${FACTIONS_MAX}): 30 creates with ${FACTIONS_MAX - 1} factions made → exactly ${FACTIONS_MAX}, the refused ones charged nothing`, async () => {
    const g = '1850000000000000011';
    // Three made before slots (no `slot`), the rest through the service.
    const legacy = (i: number): Faction => ({ _id: `old-${i}`, guildId: g, name: `Old ${i}`, nameLower: `old ${i}`, tag: `OD${i}`, tagLower: `od${i}`, leaderId: `old-${i}`, memberCount: 0, createdAt: clock });
    await cols.factions.insertMany([0, 1, 2].map(legacy));
    for (let i = 3; i < FACTIONS_MAX - 1; i++) await svc.create(g, `m${i}`, `Made ${i}`, `MD${i}`, 0);
    const racers = Array.from({ length: 30 }, (_, i) => `r${i}`);
    for (const r of racers) await seed(g, r, 10);
    const racing = serviceWith(gated(cols.factions, 'insertOne', racers.length));
    const results = await Promise.allSettled(racers.map((r, i) => racing.create(g, r, `Racer ${i}`, `RC${i}`, 10)));
    expect(await cols.factions.countDocuments({ guildId: g })).toBe(FACTIONS_MAX);
    const won = racers.filter((_, i) => results[i]!.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const refusals = results.flatMap((r) => (r.status === 'rejected' ? [english(r.reason)] : []));
    expect(new Set(refusals)).toEqual(new Set([`This server has the most factions it can have (${FACTIONS_MAX}).`]));
    for (const r of racers) {
      expect(await balance(g, r)).toBe(won.includes(r) ? 0 : 10);
      expect((await svc.store.membership(g, r)) !== null).toBe(won.includes(r));
    }
    // And the next create is refused before anything is charged.
    await seed(g, 'late', 10);
    await expect(svc.create(g, 'late', 'Late', 'LATE', 10)).rejects.toBeInstanceOf(UserError);
    expect(await cols.creditLedger.countDocuments({ guildId: g, 'legs.userId': 'late', reason: 'faction' })).toBe(0);
  });
});

describe('a join', () => {
  it('whose check after its insert fails keeps its seat counted (the stint is written)', async () => {
    const g = '1850000000000000020';
    const f = await svc.create(g, 'boss', 'Sentinels', 'SEN', 0);
    let failNext = false;
    const flaky = new Proxy(cols.factions, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as (...a: unknown[]) => unknown;
        if (prop !== 'findOne') return typeof v === 'function' ? v.bind(target) : v;
        return (...args: unknown[]) => {
          if (failNext) {
            failNext = false;
            return Promise.reject(new Error('connection reset'));
          }
          return v.apply(target, args);
        };
      },
    });
    // The seat is taken (updateOne), the stint written (insertOne), then the check (findOne) fails.
    failNext = true;
    const store = serviceWith(flaky).store;
    await expect(store.join(f, 'joiner', 'member', clock, 3)).rejects.toThrow('connection reset');
    expect(await svc.store.membership(g, 'joiner')).not.toBeNull();
    expect((await cols.factions.findOne({ _id: f._id }))?.memberCount).toBe(await cols.factionMembers.countDocuments({ factionId: f._id, active: true }));
    await svc.accept(g, f._id, 'third', 3);
    await expect(svc.accept(g, f._id, 'fourth', 3)).rejects.toBeInstanceOf(UserError);
    expect(await cols.factionMembers.countDocuments({ factionId: f._id, active: true })).toBe(3);
  });
});

/**
 * The sweep's repairs on a MongoDB-wire server with the real ledger: a place whose charge lands after the
 * sweep gave it up, then dies before its own undo, gets its credits back once (a house bounty's leave
 * escrow to nobody); a house bounty never funded is voided once past its grace and stops counting; many
 * waiting `placing` documents cannot hide the ones behind them; /bounty list repairs a document a crash
 * left behind its out entry. The books balance throughout.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXPIRY_RETRY_MS } from '../../src/bounties/expiry.js';
import { PLACING_GIVE_UP_MS } from '../../src/bounties/repair.js';
import { BOUNTY_CLAIM_GRACE_MS, inKey, outKey } from '../../src/bounties/rules.js';
import { BountyService } from '../../src/bounties/service.js';
import type { Bounty } from '../../src/db/bountySchemas.js';
import type { Collections } from '../../src/db/collections.js';
import { ESCROW_ACCOUNT, type Economy } from '../../src/economy/economy.js';
import { entryId } from '../../src/economy/ledger.js';
import { silentLogger } from '../ingest/helpers.js';
import type { TestMongo } from '../support/mongo.js';
import { balanceIn, booksOf, startBountyWorld } from './support/world.js';

const G = '1850000000000000001';
const PLACER = '1850000000000000011';
const HUNTER = '1850000000000000012';
const SEED = 10_000;
const HOUR = 3_600_000;

let mongo: TestMongo;
let cols: Collections;
let economy: Economy;
let clock = Date.now();

const balance = (userId: string, guildId = G) => balanceIn(cols, guildId, userId);
const serviceOn = (ledger: Economy['ledger'] = economy.ledger) => new BountyService({ bounties: cols.bounties, links: cols.playerLinks, entries: cols.creditLedger, ledger, logger: silentLogger, now: () => new Date(clock) });
const entry = (id: string, key: string, guildId = G) => cols.creditLedger.findOne({ _id: entryId(guildId, key) });
const doc = (id: string) => cols.bounties.findOne({ _id: id });
const house = (id: string, guildId: string, at: number, amount = 100): Bounty => ({ _id: id, guildId, targetId: 'streaker', targetName: 'S', placerId: null, amount, state: 'placing', createdAt: new Date(at), expiresAt: new Date(at + 24 * HOUR) });

const books = (guildId = G) => booksOf(cols, guildId);

beforeAll(async () => {
  ({ mongo, cols, economy } = await startBountyWorld(G, PLACER, SEED));
}, 60_000);

beforeEach(() => {
  clock = Date.now();
});

afterAll(async () => {
  await mongo?.stop();
});

describe('credits a stalled place charged after the sweep gave it up', () => {
  it('go back to the placer once, when the place died before its own undo', async () => {
    const sweep = serviceOn();
    // The place stalls past PLACING_GIVE_UP_MS before its charge (a failover), the sweep gives it up,
    // then the charge goes in and the process dies before the place's undo.
    const stalling = {
      apply: async (...a: Parameters<Economy['ledger']['apply']>) => {
        if (a[0].key.endsWith(':in')) {
          clock += PLACING_GIVE_UP_MS + 1000;
          await sweep.expire();
          expect((await doc('late-in'))?.state).toBe('void');
          await economy.ledger.apply(...a);
          throw new Error('killed');
        }
        return economy.ledger.apply(...a);
      },
    } as unknown as Economy['ledger'];
    await expect(serviceOn(stalling).place({ id: 'late-in', guildId: G, placerId: PLACER, target: { id: 't', name: 'T' }, amount: 700, hours: 1 })).rejects.toThrow(/killed/);
    expect(await balance(PLACER)).toBe(SEED - 700);
    expect(await balance(ESCROW_ACCOUNT)).toBe(700);
    clock += EXPIRY_RETRY_MS; // the watch looked at it uncharged when it gave it up: its next look
    expect(await sweep.expire()).toMatchObject({ repaired: 1 });
    expect(await sweep.expire()).toMatchObject({ refunded: 0, repaired: 0 });
    expect(await balance(PLACER)).toBe(SEED);
    expect(await balance(ESCROW_ACCOUNT)).toBe(0);
    expect(await entry('late-in', outKey('late-in'))).toMatchObject({ state: 'applied', ref: 'cancelled', legs: [{ userId: ESCROW_ACCOUNT, amount: -700 }, { userId: PLACER, amount: 700 }] });
    // Settled: void (nothing in escrow), out of the watch.
    const d = await doc('late-in');
    expect(d?.state).toBe('void');
    expect(d?.givenUpAt).toBeUndefined();
    expect(await books()).toMatchObject({ negative: 0 });
  });

  it('are moved once when the place’s own undo and the sweep race', async () => {
    const sweep = serviceOn();
    let racing: Promise<unknown> = Promise.resolve();
    const stalling = {
      apply: async (...a: Parameters<Economy['ledger']['apply']>) => {
        if (!a[0].key.endsWith(':in')) return economy.ledger.apply(...a);
        clock += PLACING_GIVE_UP_MS + 1000;
        await sweep.expire();
        const r = await economy.ledger.apply(...a);
        clock += EXPIRY_RETRY_MS; // the watch's next look is due: it runs while the place undoes its charge
        racing = sweep.expire();
        return r;
      },
    } as unknown as Economy['ledger'];
    await expect(serviceOn(stalling).place({ id: 'race', guildId: G, placerId: PLACER, target: { id: 't', name: 'T' }, amount: 300, hours: 1 })).rejects.toThrow(/undone/);
    await racing;
    clock += EXPIRY_RETRY_MS;
    await sweep.expire();
    expect(await balance(PLACER)).toBe(SEED);
    expect(await balance(ESCROW_ACCOUNT)).toBe(0);
    expect(await entry('race', outKey('race'))).toMatchObject({ state: 'applied', legs: [{ userId: ESCROW_ACCOUNT, amount: -300 }, { userId: PLACER, amount: 300 }] });
    const b = await books();
    expect(b.sum).toBe(b.legs);
  });

  it('leave escrow to nobody for a house bounty funded after the sweep voided it', async () => {
    const H = '1850000000000000002';
    const id = 'auto:s1:late';
    // A house bounty whose batch was not replayed until after its grace: the sweep voids it.
    await cols.bounties.insertOne(house(id, H, clock - 24 * HOUR - BOUNTY_CLAIM_GRACE_MS - 1000, 250));
    await serviceOn().expire();
    expect(await doc(id)).toMatchObject({ state: 'void' });
    // Then its funding, read from the document before the void, goes in.
    await economy.ledger.apply({ guildId: H, key: inKey(id), reason: 'bounty', ref: 'streaker', legs: [{ userId: ESCROW_ACCOUNT, amount: 250 }] });
    expect(await balance(ESCROW_ACCOUNT, H)).toBe(250);
    clock += EXPIRY_RETRY_MS;
    await serviceOn().expire();
    expect(await balance(ESCROW_ACCOUNT, H)).toBe(0);
    expect((await entry(id, outKey(id), H))?.legs).toEqual([{ userId: ESCROW_ACCOUNT, amount: -250 }]);
    const b = await books(H);
    expect(b).toMatchObject({ sum: 0, legs: 0, negative: 0 });
  });

  it('stops watching a given-up bounty whose charge was refused, and refunds nothing for it', async () => {
    const POOR = '1850000000000000019';
    await cols.bounties.insertOne({ _id: 'poor', guildId: G, targetId: 't', targetName: 'T', placerId: POOR, amount: 50, state: 'placing', createdAt: new Date(clock - PLACING_GIVE_UP_MS - 1), expiresAt: new Date(clock + HOUR) });
    await serviceOn().expire();
    expect((await doc('poor'))?.givenUpAt).toBeDefined();
    expect((await economy.ledger.apply({ guildId: G, key: inKey('poor'), reason: 'bounty', ref: 't', legs: [{ userId: POOR, amount: -50 }, { userId: ESCROW_ACCOUNT, amount: 50 }] })).outcome).toBe('refused');
    clock += EXPIRY_RETRY_MS;
    await serviceOn().expire();
    expect((await doc('poor'))?.givenUpAt).toBeUndefined();
    expect(await entry('poor', outKey('poor'))).toBeNull();
  });
});

describe('house bounties never funded and the placing backlog', () => {
  it('voids a house bounty without its in entry once past its grace, so it stops counting against the limits', async () => {
    const H = '1850000000000000003';
    const id = 'auto:s1:stuck';
    await cols.bounties.insertOne(house(id, H, clock - HOUR));
    const sweep = serviceOn();
    await sweep.expire();
    expect((await doc(id))?.state).toBe('placing'); // its batch's replay may still fund it
    clock += 23 * HOUR + BOUNTY_CLAIM_GRACE_MS;
    await sweep.expire();
    expect(await doc(id)).toMatchObject({ state: 'void' });
    expect(await cols.bounties.countDocuments({ guildId: H, state: { $in: ['placing', 'active'] } })).toBe(0);
    expect(await balance(ESCROW_ACCOUNT, H)).toBe(0);
  });

  it('reaches a member’s placing bounty behind more waiting house bounties than one pass takes', async () => {
    const H = '1850000000000000004';
    const stuck = Array.from({ length: 150 }, (_, i) => house(`auto:s1:w${i}`, H, clock - HOUR + i));
    await cols.bounties.insertMany(stuck);
    // A member's bounty charged before a crash, its document left placing, expiring after all of them.
    const id = 'behind';
    await economy.earn(H, PLACER, 500, 'migration', 'seed-h');
    await cols.bounties.insertOne({ _id: id, guildId: H, targetId: 't', targetName: 'T', placerId: PLACER, amount: 500, state: 'placing', createdAt: new Date(clock - HOUR), expiresAt: new Date(clock + 48 * HOUR) });
    await economy.ledger.apply({ guildId: H, key: inKey(id), reason: 'bounty', ref: 't', legs: [{ userId: PLACER, amount: -500 }, { userId: ESCROW_ACCOUNT, amount: 500 }] });
    const sweep = serviceOn();
    expect(await sweep.expire()).toMatchObject({ more: true });
    expect((await doc(id))?.state).toBe('placing');
    await sweep.expire();
    expect((await doc(id))?.state).toBe('active');
  });
});

describe('/bounty list after a crash between an out entry and its document', () => {
  it('repairs the document and does not show it', async () => {
    const service = serviceOn();
    const { bounty } = await service.place({ id: 'shown', guildId: G, placerId: PLACER, target: { id: 'crashT', name: 'CrashT' }, amount: 120, hours: 2 });
    expect((await service.list(G)).map((t) => t.targetId)).toContain('crashT');
    await economy.transfer(G, ESCROW_ACCOUNT, HUNTER, 120, outKey(bounty._id), 'claim:s9:q', 'bounty');
    expect((await service.list(G)).map((t) => t.targetId)).not.toContain('crashT');
    expect(await doc(bounty._id)).toMatchObject({ state: 'claimed', settledTo: HUNTER, claimRef: 's9:q' });
    expect(await balance(HUNTER)).toBe(120);
  });
});

/**
 * The bounty service on a MongoDB-wire server with the real ledger: credits leave the placer at once into
 * escrow; a kill claims every active bounty on its victim once (a replayed batch, two servers at once,
 * a crash between the out entry and the document); a self-claim pays nothing; a cancel and the expiry
 * refund once; a streak puts the house's bounty once; the books balance throughout (the sum of balances, escrow included, is the sum of the
 * applied legs, none negative).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXPIRY_RETRY_MS } from '../../src/bounties/expiry.js';
import { BountyService } from '../../src/bounties/service.js';
import { BOUNTY_KEPT_DAYS, outKey } from '../../src/bounties/rules.js';
import type { Collections } from '../../src/db/collections.js';
import { ESCROW_ACCOUNT, type Economy } from '../../src/economy/economy.js';
import { entryId } from '../../src/economy/ledger.js';
import { silentLogger } from '../ingest/helpers.js';
import type { TestMongo } from '../support/mongo.js';
import { balanceIn, booksOf, startBountyWorld } from './support/world.js';

const G = '1820000000000000001';
const PLACER = '1820000000000000011';
const HUNTER = '1820000000000000012';
const RIVAL = '1820000000000000013';
const SEED = 10_000;

let mongo: TestMongo;
let cols: Collections;
let economy: Economy;
let service: BountyService;
let clock = Date.now();
let n = 0;

const balance = (userId: string) => balanceIn(cols, G, userId);
const place = (amount: number, target = 'targetP', hours = 1) => service.place({ id: `ix${++n}`, guildId: G, placerId: PLACER, target: { id: target, name: 'Target' }, amount, hours });
const claims = async (...a: Parameters<BountyService['onKills']>) => (await service.onKills(...a)).bounties;
const kill = (eventId: string, killerId: string, victimId = 'targetP', ago = 0) => ({ eventId, killerId, victimId, at: new Date(clock - ago) });

const books = () => booksOf(cols, G);

beforeAll(async () => {
  ({ mongo, cols, economy } = await startBountyWorld(G, PLACER, SEED));
  const linkedAt = new Date(Date.now() - 86_400_000);
  await cols.playerLinks.insertMany([
    { _id: `${G}:hunterP`, guildId: G, userId: HUNTER, playerId: 'hunterP', playerName: 'Hunter', playerNameLower: 'hunter', linkedAt },
    { _id: `${G}:rivalP`, guildId: G, userId: RIVAL, playerId: 'rivalP', playerName: 'Rival', playerNameLower: 'rival', linkedAt },
    { _id: `${G}:placerP`, guildId: G, userId: PLACER, playerId: 'placerP', playerName: 'Alt', playerNameLower: 'alt', linkedAt },
  ]);
  service = new BountyService({ bounties: cols.bounties, links: cols.playerLinks, entries: cols.creditLedger, ledger: economy.ledger, logger: silentLogger, now: () => new Date(clock) });
}, 60_000);

beforeEach(() => {
  clock = Date.now();
});

afterAll(async () => {
  await mongo?.stop();
});

describe('bounties on the real ledger', () => {
  it('takes the credits from the placer at once, into escrow; a redelivered interaction places nothing more', async () => {
    const { bounty, total } = await place(500);
    expect(bounty.state).toBe('active');
    expect(total).toBe(500);
    expect(await balance(PLACER)).toBe(SEED - 500);
    expect(await balance(ESCROW_ACCOUNT)).toBe(500);
    const again = await service.place({ id: bounty._id, guildId: G, placerId: PLACER, target: { id: 'targetP', name: 'Target' }, amount: 500, hours: 1 });
    expect(again.bounty._id).toBe(bounty._id);
    expect(await balance(PLACER)).toBe(SEED - 500);
    await expect(place(SEED)).rejects.toThrow(/do not have/);
    expect(await cols.bounties.countDocuments({ state: 'void' })).toBe(1);
  });

  it('pays a self-claim nothing, then the first linked killer every bounty on the target, once across replays', async () => {
    await place(250); // 500 + 250 on the target now
    expect((await claims(G, 's1', [kill('self', 'placerP')])).size).toBe(0);
    expect(await balance(PLACER)).toBe(SEED - 750);
    const batch = [kill('e1', 'hunterP'), kill('e2', 'rivalP')];
    const lines = await claims(G, 's1', batch);
    expect([...lines]).toEqual([['e1', 750]]);
    // The replay of the batch: nothing more moves, and the same line comes back.
    expect([...(await claims(G, 's1', batch))]).toEqual([['e1', 750]]);
    expect(await balance(HUNTER)).toBe(750);
    expect(await balance(RIVAL)).toBe(0);
    expect(await balance(ESCROW_ACCOUNT)).toBe(0);
    expect(await cols.bounties.countDocuments({ guildId: G, state: 'claimed', settledTo: HUNTER })).toBe(2);
  });

  it('gives a bounty to one of two servers reporting the target’s death at once', async () => {
    const { bounty } = await place(300);
    const [a, b] = await Promise.all([claims(G, 'sA', [kill('x', 'hunterP')]), claims(G, 'sB', [kill('y', 'rivalP')])]);
    expect((a.get('x') ?? 0) + (b.get('y') ?? 0)).toBe(300);
    expect((await balance(HUNTER)) + (await balance(RIVAL))).toBe(750 + 300);
    const entry = await cols.creditLedger.findOne({ _id: entryId(G, outKey(bounty._id)) });
    expect(entry?.state).toBe('applied');
  });

  it('repairs a document a crash left behind its out entry, on the replay', async () => {
    const { bounty } = await place(100);
    // The claim's entry went in, then the process died before the document followed.
    await economy.transfer(G, ESCROW_ACCOUNT, HUNTER, 100, outKey(bounty._id), 'claim:s9:z', 'bounty');
    const before = await balance(HUNTER);
    expect([...(await claims(G, 's9', [kill('z', 'hunterP')]))]).toEqual([['z', 100]]);
    expect(await balance(HUNTER)).toBe(before);
    expect((await cols.bounties.findOne({ _id: bounty._id }))?.state).toBe('claimed');
  });

  it('claims nothing with a kill older than the bounty or the replay horizon', async () => {
    await place(100);
    expect((await claims(G, 's1', [kill('old', 'hunterP', 'targetP', 60_000)])).size).toBe(0);
    clock += 40 * 86_400_000;
    expect((await claims(G, 's1', [{ ...kill('late', 'hunterP'), at: new Date(Date.now() + 1000) }])).size).toBe(0);
  });

  it('refunds a cancel once, and the expiry of what is left once', async () => {
    await cols.bounties.updateMany({ guildId: G, state: 'active' }, { $set: { expiresAt: new Date(clock + 3_600_000) } });
    const { bounty } = await place(200);
    const placer = await balance(PLACER);
    expect((await service.cancel(G, PLACER, bounty._id)).amount).toBe(200);
    await expect(service.cancel(G, PLACER, bounty._id)).rejects.toThrow(/over already/);
    await expect(service.cancel(G, HUNTER, bounty._id)).rejects.toThrow(/no bounty/);
    expect(await balance(PLACER)).toBe(placer + 200);
    const left = await service.totalOn(G, 'targetP');
    expect(left).toBe(100);
    clock += 2 * 3_600_000;
    expect(await service.expire()).toMatchObject({ refunded: 1 });
    expect(await service.expire()).toMatchObject({ refunded: 0 });
    expect(await balance(PLACER)).toBe(placer + 300);
    expect(await balance(ESCROW_ACCOUNT)).toBe(0);
    // Decided bounties go BOUNTY_KEPT_DAYS after their decision (a TTL index), the active ones never.
    const decided = await cols.bounties.find({ guildId: G, state: { $in: ['cancelled', 'refunded'] } }).toArray();
    expect(decided.length).toBeGreaterThanOrEqual(2);
    for (const d of decided) expect(d.expireAt!.getTime() - d.settledAt!.getTime()).toBe(BOUNTY_KEPT_DAYS * 86_400_000);
    expect(await cols.bounties.countDocuments({ guildId: G, state: 'active', expireAt: { $exists: true } })).toBe(0);
  });

  it('undoes a place the sweep voided while it stalled, once: the placer gets the credits back', async () => {
    const before = await balance(PLACER);
    // The sweep's decision lands between the document's insert and the charge (a place stalled > 5 min).
    const stalling = {
      apply: async (...a: Parameters<Economy['ledger']['apply']>) => {
        if (a[0].key.endsWith(':in')) await cols.bounties.updateOne({ _id: 'ix-stall', state: 'placing' }, { $set: { state: 'void' } });
        return economy.ledger.apply(...a);
      },
    } as unknown as Economy['ledger'];
    const stalled = new BountyService({ bounties: cols.bounties, links: cols.playerLinks, entries: cols.creditLedger, ledger: stalling, logger: silentLogger, now: () => new Date(clock) });
    await expect(stalled.place({ id: 'ix-stall', guildId: G, placerId: PLACER, target: { id: 'targetP', name: 'Target' }, amount: 300, hours: 1 })).rejects.toThrow(/undone/);
    expect(await balance(PLACER)).toBe(before);
    expect((await cols.bounties.findOne({ _id: 'ix-stall' }))?.state).toBe('void');
    expect(await books()).toMatchObject({ negative: 0 });
    const { sum, legs } = await books();
    expect(sum).toBe(legs);
  });

  it('tries a refund that fails again later, so it cannot hold up the other bounties of every pass', async () => {
    // A document whose credits never reached escrow (books broken by hand): its refund is refused.
    const broken = { _id: 'broken', guildId: 'g-broken', targetId: 't', targetName: 'T', placerId: PLACER, amount: 999_999, state: 'active' as const, createdAt: new Date(clock - 7_200_000), expiresAt: new Date(clock - 3_600_000) };
    await cols.bounties.insertOne(broken);
    await service.expire();
    const after = await cols.bounties.findOne({ _id: 'broken' });
    expect(after?.state).toBe('active');
    expect(after!.retryAfter!.getTime()).toBe(clock + EXPIRY_RETRY_MS);
    await service.expire(); // not due again yet: untouched
    expect((await cols.bounties.findOne({ _id: 'broken' }))!.retryAfter!.getTime()).toBe(clock + EXPIRY_RETRY_MS);
    clock += EXPIRY_RETRY_MS;
    await service.expire();
    expect((await cols.bounties.findOne({ _id: 'broken' }))!.retryAfter!.getTime()).toBe(clock + EXPIRY_RETRY_MS);
    await cols.bounties.deleteOne({ _id: 'broken' });
  });

  it('puts the house’s bounty on a killer whose streak reaches the setting, once, announced; anyone linked may claim it', async () => {
    const auto = new BountyService({
      bounties: cols.bounties,
      links: cols.playerLinks,
      entries: cols.creditLedger,
      ledger: economy.ledger,
      logger: silentLogger,
      now: () => new Date(clock),
      settingsOf: () => Promise.resolve({ autoBountyStreak: 3, autoBountyAmount: 250 }),
      playerNames: () => Promise.resolve(new Map([['rivalP', 'Rival']])),
    });
    const batch = [2, 3, 4].map((streak, i) => ({ ...kill(`s${i}`, 'rivalP', `v${i}`), streak }));
    for (let run = 0; run < 2; run++) expect([...(await auto.onKills(G, 's1', batch)).autoBounties]).toEqual([['s1', 250]]);
    expect(await balance(ESCROW_ACCOUNT)).toBe(250);
    const doc = await cols.bounties.findOne({ _id: 'auto:s1:s1' });
    expect(doc).toMatchObject({ placerId: null, targetId: 'rivalP', targetName: 'Rival', state: 'active', amount: 250 });
    const hunter = await balance(HUNTER);
    clock += 1000;
    expect([...(await auto.onKills(G, 's1', [kill('end', 'hunterP', 'rivalP')])).bounties]).toEqual([['end', 250]]);
    expect(await balance(HUNTER)).toBe(hunter + 250);
    expect(await balance(ESCROW_ACCOUNT)).toBe(0);
  });

  it('keeps the books: balances (escrow included) sum to the applied legs, none negative', async () => {
    const b = await books();
    expect(b.sum).toBe(b.legs);
    expect(b.negative).toBe(0);
    // The placer's seed, and the house's one automatic bounty.
    expect(b.sum).toBe(SEED + 250);
  });
});

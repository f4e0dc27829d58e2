/**
 * The expiry sweep's claim grace on a MongoDB-wire server with the real ledger: a bounty past its expiry
 * is refunded only once BOUNTY_CLAIM_GRACE_MS has passed too; meanwhile a kill from before the expiry,
 * read late, still claims it, a kill from after it does not, the placer may still cancel it, and
 * /bounty list no longer shows it. After the grace the refund happens once and a late kill claims nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BountyService } from '../../src/bounties/service.js';
import { BOUNTY_CLAIM_GRACE_MS } from '../../src/bounties/rules.js';
import type { Collections } from '../../src/db/collections.js';
import { ESCROW_ACCOUNT, type Economy } from '../../src/economy/economy.js';
import { silentLogger } from '../ingest/helpers.js';
import type { TestMongo } from '../support/mongo.js';
import { balanceIn, startBountyWorld } from './support/world.js';

const G = '1840000000000000001';
const PLACER = '1840000000000000011';
const HUNTER = '1840000000000000012';
const SEED = 10_000;

let mongo: TestMongo;
let cols: Collections;
let economy: Economy;
let service: BountyService;
let clock = Date.now();
let n = 0;

const balance = (userId: string) => balanceIn(cols, G, userId);
const place = (amount: number, target: string) => service.place({ id: `gx${++n}`, guildId: G, placerId: PLACER, target: { id: target, name: target }, amount, hours: 1 });
const killOf = (eventId: string, victimId: string, at: number) => ({ eventId, killerId: 'hunterP', victimId, at: new Date(at) });
const claimed = async (eventId: string, victimId: string, at: number) => (await service.onKills(G, 's1', [killOf(eventId, victimId, at)])).bounties.get(eventId) ?? 0;

beforeAll(async () => {
  ({ mongo, cols, economy } = await startBountyWorld(G, PLACER, SEED));
  await cols.playerLinks.insertOne({ _id: `${G}:hunterP`, guildId: G, userId: HUNTER, playerId: 'hunterP', playerName: 'Hunter', playerNameLower: 'hunter', linkedAt: new Date(Date.now() - 86_400_000) });
  service = new BountyService({ bounties: cols.bounties, links: cols.playerLinks, entries: cols.creditLedger, ledger: economy.ledger, logger: silentLogger, now: () => new Date(clock) });
}, 60_000);

beforeEach(() => {
  clock = Date.now();
});

afterAll(async () => {
  await mongo?.stop();
});

describe('the claim grace after a bounty’s expiry', () => {
  it('lets a kill from before the expiry, read within the grace, claim it; the sweep refunds nothing meanwhile', async () => {
    const { bounty } = await place(400, 'late1');
    const expiresAt = bounty.expiresAt.getTime();
    clock = expiresAt + 40_000; // the kill 10 s before the expiry is read 40 s after it
    expect(await service.expire()).toMatchObject({ refunded: 0 });
    expect((await cols.bounties.findOne({ _id: bounty._id }))?.state).toBe('active');
    // Not shown as running any more, nor counted in the target's total.
    expect((await service.list(G)).map((t) => t.targetId)).not.toContain('late1');
    expect(await service.totalOn(G, 'late1')).toBe(0);
    // A kill at or after the expiry claims nothing, grace or not.
    expect(await claimed('after', 'late1', expiresAt)).toBe(0);
    expect(await claimed('before', 'late1', expiresAt - 10_000)).toBe(400);
    expect(await balance(HUNTER)).toBe(400);
    expect((await cols.bounties.findOne({ _id: bounty._id }))?.state).toBe('claimed');
    clock = expiresAt + BOUNTY_CLAIM_GRACE_MS + 1;
    expect(await service.expire()).toMatchObject({ refunded: 0 });
    expect(await balance(PLACER)).toBe(SEED - 400);
    expect(await balance(ESCROW_ACCOUNT)).toBe(0);
  });

  it('lets the placer cancel it within the grace (it is among their cancellable bounties)', async () => {
    const { bounty } = await place(150, 'late2');
    const before = await balance(PLACER);
    clock = bounty.expiresAt.getTime() + BOUNTY_CLAIM_GRACE_MS - 1000;
    expect((await service.mine(G, PLACER)).map((b) => b._id)).toContain(bounty._id);
    expect((await service.cancel(G, PLACER, bounty._id)).amount).toBe(150);
    expect(await balance(PLACER)).toBe(before + 150);
    expect((await cols.bounties.findOne({ _id: bounty._id }))?.state).toBe('cancelled');
  });

  it('refunds once the grace has passed, once; a kill from before the expiry read after that claims nothing', async () => {
    const { bounty } = await place(250, 'late3');
    const before = await balance(PLACER);
    const expiresAt = bounty.expiresAt.getTime();
    clock = expiresAt + BOUNTY_CLAIM_GRACE_MS - 1;
    expect(await service.expire()).toMatchObject({ refunded: 0 });
    expect(await balance(PLACER)).toBe(before);
    clock = expiresAt + BOUNTY_CLAIM_GRACE_MS;
    expect(await service.expire()).toMatchObject({ refunded: 1 });
    expect(await service.expire()).toMatchObject({ refunded: 0 });
    expect(await balance(PLACER)).toBe(before + 250);
    expect((await cols.bounties.findOne({ _id: bounty._id }))?.state).toBe('refunded');
    expect(await claimed('tooLate', 'late3', expiresAt - 10_000)).toBe(0);
    expect(await balance(HUNTER)).toBe(400);
    expect(await balance(ESCROW_ACCOUNT)).toBe(0);
  });

});

/**
 * The faction rules on a real MongoDB-wire server (src/factions/service.ts): tags unique per guild without
 * regard to case, the creation cost charged once through the ledger (refused when too poor), one faction
 * per member, the member limit, who may invite, kick, promote and disband, and the membership history
 * the team-kill question reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { Economy } from '../../src/economy/economy.js';
import { FactionService, factionCostKey } from '../../src/factions/service.js';
import { UserError } from '../../src/errors.js';
import { ENGLISH } from '../../src/i18n/translate.js';
import { createLogger } from '../../src/logger.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const G = '1830000000000000001';
const [LEAD, OFF, MEM, OTHER, POOR, RICH] = ['u-lead', 'u-off', 'u-mem', 'u-other', 'u-poor', 'u-rich'];

let mongo: TestMongo;
let cols: Collections;
let economy: Economy;
let svc: FactionService;
let clock = new Date('2025-05-01T10:00:00Z');

/** The English text of the UserError `p` rejects with. */
async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return ENGLISH.text((err as UserError).text);
}
const tick = (min = 1) => (clock = new Date(clock.getTime() + min * 60_000));

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  economy = new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger: createLogger('silent') });
  svc = new FactionService({ cols: { factions: cols.factions, factionMembers: cols.factionMembers }, links: cols.playerLinks, economy, now: () => clock });
}, 60_000);
afterAll(async () => {
  await mongo?.stop();
});

describe('faction rules', () => {
  it('creates a faction led by its founder; tags are unique per guild whatever their case', async () => {
    const f = await svc.create(G, LEAD, '  Night   Owls ', 'OWL', 0);
    expect([f.name, f.tag, f.memberCount]).toEqual(['Night Owls', 'OWL', 1]);
    expect((await svc.standing(G, LEAD)).stint.role).toBe('leader');
    expect(await refusal(svc.create(G, OTHER, 'Other', 'owl', 0))).toContain('**owl** or that name is already taken');
    expect(await refusal(svc.create(G, OTHER, 'night owls', 'NEW', 0))).toContain('already taken');
    expect(await refusal(svc.create(G, OTHER, 'Other', 'A', 0))).toContain('2 to 5 letters or digits');
    expect(await refusal(svc.create(G, OTHER, 'Other', 'a-b', 0))).toContain('2 to 5 letters or digits');
    expect(await refusal(svc.create(G, LEAD, 'Second', 'SEC', 0))).toContain('one faction per member');
    // Another guild may use the same tag.
    expect((await svc.create('1830000000000000002', OTHER, 'Owls', 'owl', 0)).tag).toBe('owl');
  });

  it('charges the creation cost once through the ledger, and refuses a member with too few credits', async () => {
    await economy.earn(G, RICH, 300, 'eco', 'seed:rich', null);
    await economy.earn(G, POOR, 99, 'eco', 'seed:poor', null);
    expect(await refusal(svc.create(G, POOR, 'Paupers', 'PAU', 100))).toBe('Creating a faction costs **100** credits, and you have fewer.');
    expect((await cols.creditBalances.findOne({ _id: `${G}:${POOR}` }))?.credits).toBe(99);
    expect(await cols.factions.countDocuments({ guildId: G, tag: 'PAU' })).toBe(0);
    const f = await svc.create(G, RICH, 'Tycoons', 'TYC', 100);
    expect((await cols.creditBalances.findOne({ _id: `${G}:${RICH}` }))?.credits).toBe(200);
    // One applied entry, under the faction's key (the poor member's attempt is a refused one).
    const entries = await cols.creditLedger.find({ guildId: G, reason: 'faction', state: 'applied' }).toArray();
    expect(entries.map((e) => [e.ref, e.legs])).toEqual([[f._id, [{ userId: RICH, amount: -100 }]]]);
    expect(entries[0]!._id).toBe(`${G}|${factionCostKey(f._id)}`);
  });

  it('lets the leader and officers invite, within the member limit, one faction per member', async () => {
    const f = (await svc.standing(G, LEAD)).faction;
    expect((await svc.checkInvite(G, LEAD, OFF, 10))._id).toBe(f._id);
    tick();
    await svc.accept(G, f._id, OFF, 10);
    await svc.promote(G, LEAD, OFF);
    tick();
    await svc.checkInvite(G, OFF, MEM, 10);
    await svc.accept(G, f._id, MEM, 10);
    expect(await refusal(svc.checkInvite(G, MEM, OTHER, 10))).toContain('Only the leader and the officers');
    expect(await refusal(svc.checkInvite(G, LEAD, RICH, 10))).toBe('That member is already in a faction.');
    // Full at 3 of 3: the invite and a second accept are both refused, and the count stays exact.
    expect(await refusal(svc.checkInvite(G, LEAD, POOR, 3))).toBe('The faction is full: at most **3** members on this server’s tier.');
    expect(await refusal(svc.accept(G, f._id, POOR, 3))).toContain('at most **3** members');
    expect(await refusal(svc.accept(G, (await svc.standing(G, RICH)).faction._id, MEM, 10))).toContain('one faction per member');
    expect((await cols.factions.findOne({ _id: f._id }))?.memberCount).toBe(3);
    expect((await svc.factionOfMembers(G, [LEAD, OFF, MEM, POOR])).get(MEM)).toEqual({ id: f._id, tag: 'OWL' });
    expect((await svc.factionOfMembers(G, [POOR])).size).toBe(0);
  });

  it('lets members leave, officers kick plain members only, the leader promote and disband', async () => {
    const f = (await svc.standing(G, LEAD)).faction;
    expect(await refusal(svc.leave(G, LEAD))).toContain('The leader cannot leave');
    expect(await refusal(svc.kick(G, OFF, LEAD))).toBe('You cannot remove a member of your rank or higher.');
    expect(await refusal(svc.promote(G, OFF, MEM))).toBe('Only your faction’s leader can do that.');
    expect(await refusal(svc.promote(G, LEAD, OFF))).toContain('is already an officer');
    expect(await refusal(svc.kick(G, LEAD, RICH))).toContain('is not in your faction');
    tick();
    await svc.kick(G, OFF, MEM);
    expect(await svc.store.membership(G, MEM)).toBeNull();
    tick();
    await svc.leave(G, OFF);
    expect((await cols.factions.findOne({ _id: f._id }))?.memberCount).toBe(1);
    // Another faction's leader cannot disband this one; a plain member cannot disband at all.
    expect(await refusal(svc.disband(G, RICH, f._id))).toBe('That faction no longer exists.');
    expect(await refusal(svc.led(G, MEM))).toContain('You are not in a faction');
    tick();
    await svc.disband(G, LEAD, f._id);
    expect(await cols.factions.countDocuments({ _id: f._id })).toBe(0);
    expect(await refusal(svc.standing(G, LEAD))).toContain('You are not in a faction');
    // The history stays: every stint of the faction has its end.
    const stints = await cols.factionMembers.find({ factionId: f._id }).toArray();
    expect(stints.map((s) => [s.userId, s.leftAt !== null, s.active ?? false]).sort()).toEqual([
      [LEAD, true, false],
      [MEM, true, false],
      [OFF, true, false],
    ]);
    // The tag is free again.
    expect((await svc.create(G, MEM, 'Owls Reborn', 'owl', 0)).tag).toBe('owl');
  });

  it('finishes a create a crash cut short after its charge, without charging again', async () => {
    const CRASHER = 'u-crash';
    await economy.earn(G, CRASHER, 100, 'eco', 'seed:crash', null);
    // The first attempt seated its founder and was charged, then the process died before the faction was written.
    await svc.store.seatFounder(G, 'crashed-id', CRASHER, clock);
    await economy.spend(G, CRASHER, 60, 'faction', factionCostKey('crashed-id'), 'crashed-id');
    expect(await refusal(svc.standing(G, CRASHER))).toContain('You are not in a faction');
    const f = await svc.create(G, CRASHER, 'Phoenix', 'PHX', 60);
    expect(f._id).toBe('crashed-id');
    expect((await cols.creditBalances.findOne({ _id: `${G}:${CRASHER}` }))?.credits).toBe(40);
    expect((await svc.standing(G, CRASHER)).faction.tag).toBe('PHX');
    await svc.disband(G, CRASHER, f._id);
  });

  it('frees members a disband cut short left in a faction that is gone', async () => {
    const f = await svc.create(G, OTHER, 'Ghosts', 'GHO', 0);
    await svc.accept(G, f._id, 'u-stuck', 10);
    // A disband that died between removing the faction and ending its members' stints.
    await cols.factions.deleteOne({ _id: f._id });
    await cols.factionMembers.deleteMany({ factionId: f._id, userId: OTHER });
    expect((await svc.create(G, 'u-stuck', 'Phantoms', 'PHA', 0)).tag).toBe('PHA');
    expect(await cols.factionMembers.countDocuments({ factionId: f._id, active: true })).toBe(0);
  });

  it('gives back a seat a crash took without its membership, so the limit counts members', async () => {
    const f = await svc.create(G, OTHER, 'Healers', 'HEAL', 0);
    // Two seats taken by joins that died before writing their membership.
    await cols.factions.updateOne({ _id: f._id }, { $inc: { memberCount: 2 } });
    await svc.accept(G, f._id, POOR, 2);
    expect((await cols.factions.findOne({ _id: f._id }))?.memberCount).toBe(2);
    expect(await refusal(svc.accept(G, f._id, 'u-late', 2))).toContain('at most **2** members');
    await svc.leave(G, POOR);
    await svc.disband(G, OTHER, f._id);
  });

  it('answers team kills from the membership at the time of each kill', async () => {
    const at = (iso: string) => new Date(iso);
    await cols.playerLinks.insertMany([
      { _id: `${G}:pl-lead`, guildId: G, userId: LEAD, playerId: 'pl-lead', playerName: 'Lead', playerNameLower: 'lead', linkedAt: at('2025-01-01T00:00:00Z') },
      { _id: `${G}:pl-off`, guildId: G, userId: OFF, playerId: 'pl-off', playerName: 'Off', playerNameLower: 'off', linkedAt: at('2025-01-01T00:00:00Z') },
    ]);
    const stints = await cols.factionMembers.find({ userId: OFF }).toArray();
    const joined = stints[0]!.joinedAt;
    const left = stints[0]!.leftAt!;
    const mid = new Date((joined.getTime() + left.getTime()) / 2);
    const kills = [
      { eventId: 'during', killerId: 'pl-lead', victimId: 'pl-off', at: mid },
      { eventId: 'after', killerId: 'pl-lead', victimId: 'pl-off', at: new Date(left.getTime() + 1000) },
      { eventId: 'before', killerId: 'pl-off', victimId: 'pl-lead', at: new Date(joined.getTime() - 1000) },
    ];
    expect(await svc.teamKillsOf(G, kills)).toEqual(['during']);
    expect((await svc.tagsOfPlayers(G, ['pl-lead', 'pl-off'])).size).toBe(0);
  });
});

/**
 * /faction through the real bot process, the Discord double and a MongoDB-wire server: create (its cost
 * charged once, refused when too poor, tags unique whatever their case), invite with Join / Decline buttons
 * only the invited member can use and that still work after a restart, one faction per member, the tier's
 * member limit named, leave, kick, promote, disband behind a confirmation, and info with the members'
 * linked players and combined numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, type Collections } from '../../src/db/collections.js';
import { Economy } from '../../src/economy/economy.js';
import { guildPlayerId } from '../../src/ingest/guildStats.js';
import { ingestCollections } from '../../src/ingest/store.js';
import { createLogger } from '../../src/logger.js';
import { TIERS } from '../../src/premium/tiers.js';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { customIds, idStartingWith } from '../support/serverFlow.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1640000000000000001';
const GUILD = '1640000000000000100';
const TEXT = '1640000000000000110';
const ADMIN = '1640000000000000301';
const LEAD = '1640000000000000302';
const OFFICER = '1640000000000000303';
const MEMBER = '1640000000000000304';
const RIVAL = '1640000000000000305';
const POOR = '1640000000000000306';
const COST = 50;

let mongo: TestMongo;
let cols: Collections;
let double: DiscordDouble;
let bot: BotProcess;
let economy: Economy;

const start = () => startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri });
const run = async (userId: string, subcommand: string, options: Record<string, string> = {}) => (await double.slash({ guildId: GUILD, userId, command: 'faction', subcommand, options })).reply();
const click = async (userId: string, message: DoubleMessage, customId: string) => (await double.clickButton({ userId, guildId: GUILD, message, customId })).reply();
const balance = async (userId: string) => (await cols.creditBalances.findOne({ _id: `${GUILD}:${userId}` }))?.credits ?? 0;

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  economy = new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger: createLogger('silent') });
  await economy.earn(GUILD, LEAD, 120, 'eco', 'seed:lead', null);
  await economy.earn(GUILD, RIVAL, 60, 'eco', 'seed:rival', null);
  await economy.earn(GUILD, POOR, 10, 'eco', 'seed:poor', null);
  // The guild charges COST credits for a faction (/eco settings faction_cost:).
  await cols.guildConfigs.insertOne({ _id: GUILD, economy: { factionCost: COST }, createdAt: new Date(), updatedAt: new Date() } as never);
  // The officer's approved player and its guild-wide numbers, as the ingest writes them.
  await cols.playerLinks.insertOne({ _id: `${GUILD}:p-off`, guildId: GUILD, userId: OFFICER, playerId: 'p-off', playerName: 'OffPlayer', playerNameLower: 'offplayer', linkedAt: new Date('2025-01-01T00:00:00Z') });
  await ingestCollections(mongo.db).stats.insertOne({ _id: guildPlayerId(GUILD, 'p-off'), type: 'guildPlayer', guildId: GUILD, serverId: '*', playerId: 'p-off', name: 'OffPlayer', kills: 12, deaths: 4 } as never);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1640000000000000002',
    token: 'factions-test-token',
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [{ id: TEXT, name: 'general', type: 'text' }],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: LEAD, username: 'lead' },
          { id: OFFICER, username: 'officer' },
          { id: MEMBER, username: 'member' },
          { id: RIVAL, username: 'rival' },
          { id: POOR, username: 'poor' },
        ],
      },
    ],
  });
  bot = await start();
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await mongo?.stop();
});

expectEveryRequestHandled(() => double);

describe('/faction', () => {
  it('creates a faction for its cost, once, and refuses a member with too few credits or a taken tag', async () => {
    const made = await run(LEAD, 'create', { name: 'Night Owls', tag: 'OWL' });
    expect(made.content).toBe(`🛡️ **[OWL] Night Owls** is founded, led by you, for **${COST}** credits. Invite members with \`/faction invite\`.`);
    expect(made.flags! & 64).toBe(64);
    expect(await balance(LEAD)).toBe(120 - COST);
    const poor = await run(POOR, 'create', { name: 'Paupers', tag: 'PAU' });
    expect(poor.content).toContain(`Creating a faction costs **${COST}** credits, and you have fewer.`);
    expect(await balance(POOR)).toBe(10);
    const taken = await run(RIVAL, 'create', { name: 'Owls Two', tag: 'owl' });
    expect(taken.content).toContain('The tag **owl** or that name is already taken');
    expect(await balance(RIVAL)).toBe(60);
    const again = await run(LEAD, 'create', { name: 'Second', tag: 'SEC' });
    expect(again.content).toContain('one faction per member');
    expect(await cols.creditLedger.countDocuments({ guildId: GUILD, reason: 'faction', state: 'applied' })).toBe(1);
  });

  it('invites with buttons only the invited member can use, which still work after a restart', async () => {
    const invite = await run(LEAD, 'invite', { member: OFFICER });
    expect(invite.flags ?? 0).not.toBe(64);
    expect(invite.content).toBe(`🛡️ <@${OFFICER}>, <@${LEAD}> invites you to join **[OWL] Night Owls**.`);
    const join = idStartingWith(invite, 'faction:join:');
    const stranger = await click(RIVAL, invite, join);
    expect(stranger.content).toContain('This invitation is for someone else.');
    expect(stranger.flags! & 64).toBe(64);
    await bot.stop();
    bot = await start();
    const joined = await click(OFFICER, invite, join);
    expect(joined.content).toBe(`✅ <@${OFFICER}> joined **[OWL] Night Owls**.`);
    expect(customIds(joined)).toEqual([]);
    // The answered invitation has no buttons left; a new one for a member of the faction is refused.
    expect((await run(LEAD, 'invite', { member: OFFICER })).content).toContain('That member is already in a faction.');

    const promoted = await run(LEAD, 'promote', { member: OFFICER });
    expect(promoted.content).toBe(`⭐ <@${OFFICER}> is now an officer of **Night Owls**.`);
    // An officer invites; the invited member declines.
    const second = await run(OFFICER, 'invite', { member: MEMBER });
    const declined = await click(MEMBER, second, idStartingWith(second, 'faction:no:'));
    expect(declined.content).toBe(`❌ <@${MEMBER}> declined to join **Night Owls**.`);
    expect(await cols.factionMembers.countDocuments({ guildId: GUILD, userId: MEMBER })).toBe(0);
    const third = await run(OFFICER, 'invite', { member: MEMBER });
    expect((await click(MEMBER, third, idStartingWith(third, 'faction:join:'))).content).toContain('joined **[OWL] Night Owls**');
    // A plain member cannot invite; a member of a faction cannot be invited to another.
    expect((await run(MEMBER, 'invite', { member: POOR })).content).toContain('Only the leader and the officers');
    const rival = await run(RIVAL, 'create', { name: 'Crows', tag: 'CRW' });
    expect(rival.content).toContain('**[CRW] Crows** is founded');
    expect((await run(RIVAL, 'invite', { member: MEMBER })).content).toContain('That member is already in a faction.');
  });

  it('names the tier’s member limit when the faction is full', async () => {
    const f = (await cols.factions.findOne({ guildId: GUILD, tag: 'OWL' }))!;
    const max = TIERS.free.factionMembers;
    // Fill the faction up to the limit with members who joined earlier (as accepted invites write them).
    const fillers = Array.from({ length: max - 3 }, (_, i) => `16400000000000009${String(i).padStart(2, '0')}`);
    await cols.factionMembers.insertMany(fillers.map((userId) => ({ _id: `${f._id}:${userId}:1`, guildId: GUILD, factionId: f._id, userId, role: 'member' as const, joinedAt: new Date(), leftAt: null, active: true as const })));
    await cols.factions.updateOne({ _id: f._id }, { $inc: { memberCount: fillers.length } });
    const full = await run(LEAD, 'invite', { member: POOR });
    expect(full.content).toContain(`The faction is full: at most **${max}** members on this server’s tier.`);
    await cols.factionMembers.deleteMany({ userId: { $in: fillers } });
    await cols.factions.updateOne({ _id: f._id }, { $inc: { memberCount: -fillers.length } });
  });

  it('shows a faction’s members, their players and combined numbers, by name with autocomplete', async () => {
    const choices = await double.autocomplete({ guildId: GUILD, userId: RIVAL, command: 'faction', subcommand: 'info', options: { name: 'nig' }, focused: 'name' });
    expect(choices).toEqual([{ name: '[OWL] Night Owls', value: 'OWL' }]);
    const info = await run(RIVAL, 'info', { name: 'OWL' });
    const e = info.embeds[0]!;
    expect(e.title).toBe('🛡️ [OWL] Night Owls');
    expect(e.description).toContain('**Members (3/10)**');
    expect(e.description).toContain(`👑 <@${LEAD}>: no linked player · 0 kills, 0 deaths`);
    expect(e.description).toContain(`⭐ <@${OFFICER}>: OffPlayer · 12 kills, 4 deaths`);
    expect(e.fields!.map((x) => [x.name, x.value])).toEqual([
      ['Kills', '12'],
      ['Deaths', '4'],
      ['K/D', '3'],
      ['Top member', `<@${OFFICER}> · 12 kills`],
    ]);
    // Without a name: the member's own faction.
    expect((await run(MEMBER, 'info')).embeds[0]!.title).toBe('🛡️ [OWL] Night Owls');
    expect((await run(POOR, 'info')).content).toContain('You are not in a faction');
  });

  it('lets officers kick plain members, members leave, and the leader disband after confirming', async () => {
    expect((await run(OFFICER, 'kick', { member: LEAD })).content).toContain('You cannot remove a member of your rank or higher.');
    expect((await run(OFFICER, 'kick', { member: MEMBER })).content).toBe(`<@${MEMBER}> was removed from **Night Owls**.`);
    expect((await run(LEAD, 'leave')).content).toContain('The leader cannot leave');
    expect((await run(OFFICER, 'leave')).content).toBe('You left **Night Owls**.');
    expect((await run(OFFICER, 'disband')).content).toContain('You are not in a faction');

    const prompt = await run(LEAD, 'disband');
    expect(prompt.content).toContain('Disband **[OWL] Night Owls**?');
    const kept = await click(LEAD, prompt, idStartingWith(prompt, 'faction:keep:'));
    expect(kept.content).toBe('Nothing was disbanded.');
    expect(await cols.factions.countDocuments({ guildId: GUILD, tag: 'OWL' })).toBe(1);
    const second = await run(LEAD, 'disband');
    const done = await click(LEAD, second, idStartingWith(second, 'faction:end:'));
    expect(done.content).toBe('**Night Owls** is disbanded.');
    expect(await cols.factions.countDocuments({ guildId: GUILD, tag: 'OWL' })).toBe(0);
    // Every stint is kept with its end: membership at any past instant stays answerable.
    const stints = await cols.factionMembers.find({ guildId: GUILD, userId: { $in: [LEAD, OFFICER, MEMBER] } }).toArray();
    expect(stints.length).toBe(3);
    expect(stints.every((s) => s.leftAt instanceof Date && s.active === undefined)).toBe(true);
    // The tag is free again, and the former leader may found a new faction.
    expect((await run(LEAD, 'create', { name: 'Owls Again', tag: 'owl' })).content).toContain('**[owl] Owls Again** is founded');
    expect(double.schemaViolations).toEqual([]);
  });
});

/**
 * Links through the Discord double and the real bot process: claims an admin approves (the default
 * mode), the kill credits that follow approved links only (paid by the economy's own Earnings path on
 * the same database), review buttons after a restart, open mode, races, moves, and the tier's count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, type Collections } from '../../src/db/collections.js';
import { parseKillfeedLine } from '../../src/deadside/index.js';
import { CREDITS } from '../../src/economy/amounts.js';
import { Earnings } from '../../src/economy/earnings.js';
import { Economy } from '../../src/economy/economy.js';
import { ingestCollections } from '../../src/ingest/store.js';
import { StatsWorkingSet } from '../../src/ingest/statsModel.js';
import { createLogger } from '../../src/logger.js';
import { TIERS } from '../../src/premium/tiers.js';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { customIds, idStartingWith } from '../support/serverFlow.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1620000000000000001';
const GUILD = '1620000000000000100';
const TEXT = '1620000000000000110';
const ADMINS = '1620000000000000111';
const ADMIN = '1620000000000000301';
const MEMBER = '1620000000000000302';
const FRIEND = '1620000000000000303';
const RIVAL = '1620000000000000304';
const SERVER = 'srv-links';

const seen = (name: string, hex: string) => ({ name, id: hex.repeat(32) });
const [ALPHA, BRAVO, CHARLIE, DELTA, ECHO, FOXTROT] = [seen('Alpha', 'a'), seen('Bravo', 'b'), seen('Charlie', 'c'), seen('Delta', 'd'), seen('Echo', 'e'), seen('Foxtrot', 'f')];
const PLAYERS = [ALPHA, BRAVO, CHARLIE, DELTA, ECHO, FOXTROT];

let mongo: TestMongo;
let cols: Collections;
let double: DiscordDouble;
let bot: BotProcess;
let economy: Economy;
let earnings: Earnings;
let killSeq = 0;

const start = () => startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri });
const run = async (userId: string, command: string, subcommand?: string, options: Record<string, string> = {}) =>
  (await double.slash({ guildId: GUILD, userId, command, ...(subcommand ? { subcommand } : {}), options })).reply();
const click = async (userId: string, message: DoubleMessage, customId: string) => (await double.clickButton({ userId, guildId: GUILD, message, customId })).reply();
const linkOf = (playerId: string) => cols.playerLinks.findOne({ guildId: GUILD, playerId });
/** A kill by the player, now, through the economy's kill-credit path; how many kills it paid. */
const kill = (playerId: string, eventId = `k${++killSeq}`) => earnings.onKills(GUILD, SERVER, [{ eventId, killerId: playerId, at: new Date() }]);

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  const set = new StatsWorkingSet({ guildId: GUILD, serverId: SERVER }, 1, []);
  for (const [i, p] of PLAYERS.entries()) {
    const r = parseKillfeedLine(`2025.05.01-10.0${i}.00;${p.name};${p.id};Victim;${'9'.repeat(32)};M99;100;PC;PC;`);
    if (!r.ok) throw new Error(r.reason);
    set.applyKill(r.event);
  }
  await ingestCollections(mongo.db).stats.insertMany(set.writes().map((w) => w.doc));
  economy = new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger: createLogger('silent') });
  earnings = new Earnings({ links: cols.playerLinks, economy });
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1620000000000000002',
    token: 'links-test-token',
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [
          { id: TEXT, name: 'general', type: 'text' },
          { id: ADMINS, name: 'admins', type: 'text' },
        ],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: MEMBER, username: 'member' },
          { id: FRIEND, username: 'friend' },
          { id: RIVAL, username: 'rival' },
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

describe('approval mode (the default)', () => {
  it('a claim credits nothing until an admin approves it, and nothing after the link is removed', async () => {
    await run(ADMIN, 'settings', 'set', { admin_channel: ADMINS });
    const claimed = await run(MEMBER, 'link', undefined, { player: 'Alpha' });
    expect(claimed.content).toMatch(/claim on \*\*Alpha\*\* awaits an admin/);
    const posts = await double.waitForChannelMessages(ADMINS, (m) => m.length >= 1, 10_000);
    expect(posts[0]!.content).toContain(`<@${MEMBER}> claims the player **Alpha**`);
    expect(await linkOf(ALPHA.id)).toBeNull();
    expect(await kill(ALPHA.id)).toBe(0);
    const profile = await run(MEMBER, 'profile');
    expect(profile.embeds[0]!.fields!.find((f) => f.name === 'Linked player')?.value).toBe('⏳ awaiting approval: Alpha');

    const review = await run(ADMIN, 'links', 'review');
    expect(review.embeds[0]!.description).toContain(`<@${MEMBER}> claims **Alpha**`);
    const approved = await click(ADMIN, review, idStartingWith(review, 'links:ok:'));
    expect(approved.content).toContain(`**Alpha** is now linked to <@${MEMBER}>`);
    expect(approved.embeds[0]!.description).toBe('No link claims await approval.');
    expect(await linkOf(ALPHA.id)).toMatchObject({ userId: MEMBER });

    const paid = `k${++killSeq}`;
    expect(await kill(ALPHA.id, paid)).toBe(1);
    expect(await economy.balance(GUILD, MEMBER)).toBe(CREDITS.kill);

    const removed = await run(ADMIN, 'links', 'remove', { member: MEMBER, player: ALPHA.id });
    expect(removed.content).toContain(`**Alpha** is no longer linked to <@${MEMBER}>`);
    expect(await kill(ALPHA.id)).toBe(0);
    // The kill paid before the removal, delivered again, pays nothing twice.
    expect(await earnings.onKills(GUILD, SERVER, [{ eventId: paid, killerId: ALPHA.id, at: new Date() }])).toBe(0);
    expect(await economy.balance(GUILD, MEMBER)).toBe(CREDITS.kill);
    const audit = await mongo.db.collection('audit_log').find({ guildId: GUILD, kind: 'links' }).toArray();
    expect(audit.map((e) => [e.action, e.actorId])).toEqual(expect.arrayContaining([['link.approve', ADMIN], ['link.remove', ADMIN]]));
  });

  it('review buttons still work after the bot restarted', { timeout: 60_000 }, async () => {
    expect((await run(FRIEND, 'link', undefined, { player: 'Bravo' })).content).toMatch(/awaits an admin/);
    const review = await run(ADMIN, 'links', 'review');
    expect(customIds(review).filter((id) => id.startsWith('links:no:'))).toHaveLength(1);
    await bot.stop();
    bot = await start();
    const rejected = await click(ADMIN, review, idStartingWith(review, 'links:no:'));
    expect(rejected.content).toContain(`The claim of <@${FRIEND}> on **Bravo** was rejected`);
    expect(await cols.linkClaims.countDocuments({ guildId: GUILD })).toBe(0);
    expect(await linkOf(BRAVO.id)).toBeNull();
    // A member withdraws their own pending claim with /unlink.
    await run(FRIEND, 'link', undefined, { player: 'Bravo' });
    expect((await run(FRIEND, 'unlink', undefined, { player: 'Bravo' })).content).toBe('Your claim on **Bravo** is withdrawn.');
    expect(await cols.linkClaims.countDocuments({ guildId: GUILD })).toBe(0);
  });
});

describe('open mode', () => {
  it('links at once, and two members racing for one player end with one link', async () => {
    await run(ADMIN, 'settings', 'set', { link_mode: 'open' });
    const replies = await Promise.all([run(FRIEND, 'link', undefined, { player: 'Charlie' }), run(RIVAL, 'link', undefined, { player: 'Charlie' })]);
    const won = replies.filter((r) => /now linked to \*\*Charlie\*\*/.test(r.content ?? ''));
    expect(won).toHaveLength(1);
    expect(await cols.playerLinks.countDocuments({ guildId: GUILD, playerId: CHARLIE.id })).toBe(1);
    // The other one is refused: a player another member holds needs an admin.
    const lost = replies.find((r) => r !== won[0])!;
    expect(lost.content).toMatch(/already linked to <@|just linked by another member/);
  });

  it('an admin moves a player from one member to another', async () => {
    const holder = (await linkOf(CHARLIE.id))!.userId;
    const other = holder === FRIEND ? RIVAL : FRIEND;
    const moved = await run(ADMIN, 'links', 'add', { member: other, player: 'Charlie' });
    expect(moved.content).toContain(`**Charlie** is now linked to <@${other}> (instead of <@${holder}>)`);
    expect(await linkOf(CHARLIE.id)).toMatchObject({ userId: other });
    const list = await run(ADMIN, 'links', 'list', { member: holder });
    expect(list.embeds[0]!.description).toBe('No linked players.');
    expect(await kill(CHARLIE.id)).toBe(1);
    expect(await economy.balance(GUILD, holder)).toBe(0);
    expect(await economy.balance(GUILD, other)).toBe(CREDITS.kill);
    // /audit words the move: who got the player and who it was taken from, as members.
    const audit = await run(ADMIN, 'audit', undefined, { kind: 'links' });
    expect(audit.embeds[0]!.description!.split('\n')[1]).toContain(`moved a player to another member · **Charlie** · player id: ${CHARLIE.id}, member: <@${other}>, taken from: <@${holder}>`);
  });

  it('refuses an alt beyond the tier’s count, naming the limit; /unlink asks which of several', async () => {
    const limit = TIERS.free.links;
    expect(limit).toBe(2);
    expect((await run(MEMBER, 'link', undefined, { player: 'Delta' })).content).toMatch(/now linked to \*\*Delta\*\*/);
    expect((await run(MEMBER, 'link', undefined, { player: 'Echo' })).content).toMatch(/now linked to \*\*Echo\*\*/);
    const refused = await run(MEMBER, 'link', undefined, { player: 'Foxtrot' });
    expect(refused.content).toContain(`at most **${limit}** players`);
    expect(await linkOf(FOXTROT.id)).toBeNull();

    const choices = await double.autocomplete({ guildId: GUILD, userId: MEMBER, command: 'unlink', options: { player: '' }, focused: 'player' });
    expect(choices.map((c) => c.value).sort()).toEqual([DELTA.id, ECHO.id]);
    const ask = await run(MEMBER, 'unlink');
    expect(ask.content).toBe('You hold several players. Which one do you unlink?');
    const done = await (await double.selectMenu({ userId: MEMBER, guildId: GUILD, message: ask, customId: 'unlink:pick', values: [ECHO.id] })).reply();
    expect(done.content).toContain('Unlinked from **Echo**');
    expect((await cols.playerLinks.find({ guildId: GUILD, userId: MEMBER }).toArray()).map((l) => l.playerId)).toEqual([DELTA.id]);
    const profile = await run(MEMBER, 'profile');
    expect(profile.embeds[0]!.fields!.find((f) => f.name === 'Linked player')?.value).toBe('**Delta**');
  });

  it('sent only bodies Discord accepts', () => {
    expect(double.schemaViolations).toEqual([]);
  });
});

/**
 * Bounties end to end: the real bot process (the `npm start` entry) against the Discord double, a
 * MongoDB-wire server and OpenSSH's sshd serving a killfeed CSV the test writes. /bounty place takes the
 * credits from the placer at once; the kill of the target by a linked player's member, read by the real
 * ingest, pays them that member once and the kill post says so, also when the bot is SIGKILLed between
 * the ledger's writes or between the out entry and the bounty document, and when the kill is read again
 * by a backfill; the placer's own player claims nothing; an unclaimed bounty is refunded at expiry once.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOUNTY_CLAIM_GRACE_MS } from '../../src/bounties/rules.js';
import { collections, type Collections } from '../../src/db/collections.js';
import { ESCROW_ACCOUNT } from '../../src/economy/economy.js';
import { CreditLedger } from '../../src/economy/ledger.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { addAndTrust, sshdFields } from '../support/serverFlow.js';
import { startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1830000000000000001';
const GUILD = '1830000000000000100';
const KILLFEED = '1830000000000000111';
const CALLOUTS = '1830000000000000112';
const ADMIN = '1830000000000000301';
const PLACER = '1830000000000000302';
const HUNTER = '1830000000000000303';
/** The target's member in the last test, in the hunter's faction. */
const MATE = '1830000000000000304';
const SEED = 5_000;
const P = { hunter: 'a'.repeat(32), alt: 'b'.repeat(32), target: 'c'.repeat(32), nobody: 'd'.repeat(32), ace: 'e'.repeat(32), one: 'f'.repeat(32), two: '1'.repeat(32) };

const WORLD = '79.127.236.1_7020/actual1/deathlogs/world_0';
const CSV = '2025.05.02-00.00.00.csv';

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let cols: Collections;
let bot: BotProcess | undefined;
let serverId = '';

const start = (env: Record<string, string> = {}) => startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true', ...env } });
const balance = async (userId: string) => (await cols.creditBalances.findOne({ _id: `${GUILD}:${userId}` }))?.credits ?? 0;
const bountyCredits = async (userId: string) => {
  let n = 0;
  for (const e of await cols.creditLedger.find({ guildId: GUILD, reason: 'bounty', state: 'applied' }).toArray()) for (const l of e.legs) if (l.userId === userId) n += l.amount;
  return n;
};
const claimLines = () => double.channelMessages(KILLFEED).flatMap((m) => m.embeds).filter((e) => (e.description ?? '').includes('bounty claimed by'));

/** A killfeed line: `killer` kills `victim` at `ms` (Deadside writes UTC, whole seconds). */
function line(killer: keyof typeof P, victim: keyof typeof P, ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const ts = `${d.getUTCFullYear()}.${p(d.getUTCMonth() + 1)}.${p(d.getUTCDate())}-${p(d.getUTCHours())}.${p(d.getUTCMinutes())}.${p(d.getUTCSeconds())}`;
  const name = (k: keyof typeof P) => k[0]!.toUpperCase() + k.slice(1);
  return `${ts};${name(killer)};${P[killer]};${name(victim)};${P[victim]};AK-SU;42;PC;PC;\n`;
}
/** A moment after now, in whole seconds: after the bounty just placed. */
const soon = () => Math.ceil(Date.now() / 1000) * 1000 + 1000;
const kill = (killer: keyof typeof P, victim: keyof typeof P = 'target', ms = soon()) => appendFile(path.join(sshd.root, WORLD, CSV), line(killer, victim, ms));

async function poll(): Promise<void> {
  const ix = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'backfill', options: { server: serverId } });
  await ix.waitForReply((m) => /^(✅|⚠️)/.test(m.content ?? ''), 30_000);
}

async function place(amount: number, hours?: number): Promise<string> {
  const reply = await (await double.slash({ guildId: GUILD, userId: PLACER, command: 'bounty', subcommand: 'place', options: { player: 'Target', amount, ...(hours ? { hours } : {}) } })).reply();
  expect(reply.content).toContain(`**${amount}** credits on **Target**`);
  return /\(id `([^`]+)`\)/.exec(reply.content ?? '')![1]!;
}

/** The bot started with a crash step set dies while it applies the next kill; the next start replays the batch. */
async function crashOnKill(step: string): Promise<void> {
  await bot!.stop();
  await kill('hunter');
  bot = await start({ BOUNTY_CRASH_AT: step });
  await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'backfill', options: { server: serverId } });
  expect((await bot.exited).signal).toBe('SIGKILL');
  bot = await start();
}

beforeAll(async () => {
  [sshd, mongo] = await Promise.all([
    startSshd({
      tree: async (root) => {
        await writeDeadsideTree(root, { realCsvs: false });
        await writeFile(path.join(root, WORLD, CSV), '');
      },
    }),
    startMongo(),
  ]);
  cols = collections(mongo.db);
  await new CreditLedger({ ledger: cols.creditLedger, balances: cols.creditBalances }).apply({ guildId: GUILD, key: 'seed', reason: 'migration', legs: [{ userId: PLACER, amount: SEED }] });
  const linkedAt = new Date(Date.now() - 3_600_000);
  await cols.playerLinks.insertMany([
    { _id: `${GUILD}:${P.hunter}`, guildId: GUILD, userId: HUNTER, playerId: P.hunter, playerName: 'Hunter', playerNameLower: 'hunter', linkedAt },
    { _id: `${GUILD}:${P.alt}`, guildId: GUILD, userId: PLACER, playerId: P.alt, playerName: 'Alt', playerNameLower: 'alt', linkedAt },
  ]);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1830000000000000002',
    token: 'bounties-e2e-token',
    defaultTimeoutMs: 20_000,
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [
          { id: KILLFEED, name: 'killfeed', type: 'text' },
          { id: CALLOUTS, name: 'callouts', type: 'text' },
        ],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: PLACER, username: 'placer' },
          { id: HUNTER, username: 'hunter' },
          { id: MATE, username: 'mate' },
        ],
      },
    ],
  });
  bot = await start();
  await addAndTrust(double, GUILD, ADMIN, sshdFields(sshd, 'EU One'));
  serverId = String((await mongo.db.collection('game_servers').findOne({ guildId: GUILD }))!._id);
  await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'channels', options: { server: serverId, killfeed: KILLFEED } })).reply();
  // The target is seen once in the killfeed (a bounty is put on a player the guild's killfeeds know).
  await appendFile(path.join(sshd.root, WORLD, CSV), line('nobody', 'target', Date.now() - 60_000));
  await poll();
}, 120_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

describe('bounties through the real bot', () => {
  it('takes the credits at once; the placer’s own player claims nothing; the kill of a linked hunter pays once and is posted', async () => {
    await place(500);
    expect(await balance(PLACER)).toBe(SEED - 500);
    expect(await balance(ESCROW_ACCOUNT)).toBe(500);
    await kill('alt');
    await poll();
    expect(await balance(ESCROW_ACCOUNT)).toBe(500);
    expect(await bountyCredits(PLACER)).toBe(-500);
    const list = await (await double.slash({ guildId: GUILD, userId: HUNTER, command: 'bounty', subcommand: 'list' })).reply();
    expect(list.embeds[0]?.description).toMatch(/\*\*Target\*\*: \*\*500\*\* credits \(1×\) · first expires <t:\d+:R>/);

    await crashOnKill('leg'); // SIGKILLed between the out entry's legs
    await expect.poll(() => bountyCredits(HUNTER), { timeout: 20_000 }).toBe(500);
    await double.waitUntil(() => (claimLines().length >= 1 ? true : undefined), 20_000, 'the claim line');
    expect(claimLines()[0]!.description).toContain('💰 500 bounty claimed by hunter');
    expect(await balance(ESCROW_ACCOUNT)).toBe(0);
    expect(await cols.bounties.countDocuments({ guildId: GUILD, state: 'claimed', settledTo: HUNTER })).toBe(1);
  }, 120_000);

  it('pays once when SIGKILLed after the out entry, before the document follows, and adds several bounties up', async () => {
    await place(200);
    await place(300);
    const list = await (await double.slash({ guildId: GUILD, userId: HUNTER, command: 'bounty', subcommand: 'list' })).reply();
    expect(list.embeds[0]?.description).toMatch(/\*\*Target\*\*: \*\*500\*\* credits \(2×\)/);
    await crashOnKill('settled');
    await expect.poll(() => bountyCredits(HUNTER), { timeout: 20_000 }).toBe(1000);
    await expect.poll(() => cols.bounties.countDocuments({ guildId: GUILD, state: 'claimed' }), { timeout: 20_000 }).toBe(3);
    await double.waitUntil(() => (claimLines().length >= 2 ? true : undefined), 20_000, 'the second claim line');
    expect(claimLines()[1]!.description).toContain('💰 500 bounty claimed by hunter');
  }, 120_000);

  it('pays nothing more when the kills are read again by a backfill', async () => {
    const hunter = await balance(HUNTER);
    // The server's read positions lost: the next backfill reads the whole killfeed again.
    await mongo.db.collection('ingest_cursors').deleteMany({ _id: serverId as never });
    await poll();
    // Read again from the first line: every kill line of the file is committed anew.
    const cursor = await mongo.db.collection('ingest_cursors').findOne({ _id: serverId as never });
    expect((cursor?.files as { path: string; line: number }[]).find((f) => f.path.endsWith(CSV))?.line).toBe(4);
    await new Promise((r) => setTimeout(r, 500));
    expect(await balance(HUNTER)).toBe(hunter);
    expect(await bountyCredits(HUNTER)).toBe(1000);
    expect(claimLines()).toHaveLength(2);
  }, 60_000);

  it('refunds a bounty nobody claimed at its expiry, once, and /bounty cancel refunds the placer', async () => {
    const placer = await balance(PLACER);
    const expiring = await place(400, 1);
    const cancelled = await place(150);
    const reply = await (await double.slash({ guildId: GUILD, userId: PLACER, command: 'bounty', subcommand: 'cancel', options: { id: cancelled } })).reply();
    expect(reply.content).toContain('**150** credits on **Target** is cancelled');
    expect(await balance(PLACER)).toBe(placer - 400);
    // Past its expiry and its claim grace (a late-read kill from before the expiry could still claim it before that).
    await cols.bounties.updateOne({ _id: expiring }, { $set: { expiresAt: new Date(Date.now() - BOUNTY_CLAIM_GRACE_MS - 1000) } });
    for (let run = 0; run < 2; run++) {
      await bot!.stop();
      bot = await start(); // the sweep's first pass runs at start
      await expect.poll(() => balance(PLACER), { timeout: 10_000 }).toBe(placer);
    }
    expect((await cols.bounties.findOne({ _id: expiring }))?.state).toBe('refunded');
    expect(await balance(ESCROW_ACCOUNT)).toBe(0);
    expect(await cols.creditLedger.countDocuments({ guildId: GUILD, state: 'pending' })).toBe(0);
    expect(double.schemaViolations).toEqual([]);
  }, 120_000);

  it('pays nothing for a team kill: the bounty stays', async () => {
    // The target's player belongs to MATE, in the hunter's faction since before the kill.
    const since = new Date(Date.now() - 3_600_000);
    await cols.playerLinks.insertOne({ _id: `${GUILD}:${P.target}`, guildId: GUILD, userId: MATE, playerId: P.target, playerName: 'Target', playerNameLower: 'target', linkedAt: since });
    await cols.factions.insertOne({ _id: 'f1', guildId: GUILD, name: 'Wolves', nameLower: 'wolves', tag: 'WLF', tagLower: 'wlf', leaderId: HUNTER, memberCount: 2, createdAt: since });
    await cols.factionMembers.insertMany(
      [HUNTER, MATE].map((userId) => ({ _id: `f1:${userId}:${since.getTime()}`, guildId: GUILD, factionId: 'f1', userId, role: userId === HUNTER ? ('leader' as const) : ('member' as const), joinedAt: since, leftAt: null, active: true as const })),
    );
    const id = await place(250);
    const hunter = await bountyCredits(HUNTER);
    await kill('hunter');
    await poll();
    await new Promise((r) => setTimeout(r, 300));
    expect(await bountyCredits(HUNTER)).toBe(hunter);
    expect((await cols.bounties.findOne({ _id: id }))?.state).toBe('active');
    expect(await balance(ESCROW_ACCOUNT)).toBe(250);
    expect(claimLines()).toHaveLength(2);
  }, 60_000);

  it('puts the house’s bounty on a player whose streak reaches /eco settings auto_bounty_streak:, announced once in the callouts channel', async () => {
    await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'eco', subcommand: 'settings', options: { auto_bounty_streak: 2, auto_bounty_amount: 300 } })).reply();
    await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'channels', options: { server: serverId, callouts: CALLOUTS } })).reply();
    const escrow = await balance(ESCROW_ACCOUNT);
    const t = soon();
    await kill('ace', 'one', t);
    await kill('ace', 'two', t + 1000);
    await poll();
    const announced = () => double.channelMessages(CALLOUTS).flatMap((m) => m.embeds).filter((e) => (e.title ?? '').startsWith('🎯'));
    await double.waitUntil(() => (announced().length ? true : undefined), 20_000, 'the automatic bounty callout');
    expect(announced()[0]!.title).toBe('🎯 Ace is on a streak: the house puts a 300 bounty on them');
    expect(await balance(ESCROW_ACCOUNT)).toBe(escrow + 300);
    expect(await cols.bounties.findOne({ guildId: GUILD, placerId: null })).toMatchObject({ targetId: P.ace, targetName: 'Ace', amount: 300, state: 'active' });
    // The hunter ends the streak and claims it.
    const hunter = await bountyCredits(HUNTER);
    await kill('hunter', 'ace', t + 3000);
    await poll();
    await expect.poll(() => bountyCredits(HUNTER), { timeout: 10_000 }).toBe(hunter + 300);
    await poll();
    await new Promise((r) => setTimeout(r, 300));
    expect(announced()).toHaveLength(1);
    expect(await balance(ESCROW_ACCOUNT)).toBe(escrow);
  }, 60_000);
});

/**
 * /flags through the Discord double and the real bot process: an admin sees the planted 900 m knife kill
 * with its file and line (and not the plausible kills), `window:month` and `window:season` leave out older
 * flagged kills, and a member is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../src/db/collections.js';
import type { KillEventDoc } from '../../src/ingest/killEvents.js';
import { ingestCollections } from '../../src/ingest/store.js';
import { windowStart } from '../../src/commands/flags/since.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { customIds } from '../support/serverFlow.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1420000000000000001';
const GUILD = '1420000000000000100';
const TEXT = '1420000000000000110';
const ADMIN = '1420000000000000301';
const MEMBER = '1420000000000000302';
const FILE = 'srv-flags/deathlogs/world_0/2025.05.01-00.00.00.csv';

let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;

function event(id: string, at: Date, over: Partial<KillEventDoc>): KillEventDoc {
  return {
    _id: id, guildId: GUILD, serverId: 'srv-flags', at, killerId: 'a'.repeat(32), killerName: 'Alpha', victimId: 'b'.repeat(32), victimName: 'Bravo',
    weapon: 'AK-SU', distance: 40, maxRange: 800, file: FILE, line: 1, flags: [], flagged: false, expireAt: new Date(at.getTime() + 90 * 86_400_000), ...over,
  };
}

beforeAll(async () => {
  mongo = await startMongo();
  const now = Date.now();
  // Inside this month (UTC) whenever the test runs; the rest before it.
  const recent = (windowStart('month', new Date(now), 'UTC', null)!.getTime() + now) / 2;
  await ingestCollections(mongo.db).killEvents.insertMany([
    event('e1', new Date(recent - 1000), { line: 41, weapon: 'Combat Knife', distance: 9, maxRange: 10 }),
    event('e2', new Date(recent), { line: 42, weapon: 'Combat Knife', distance: 900, maxRange: 10, flags: ['range'], flagged: true }),
    event('e3', new Date(now - 40 * 86_400_000), { line: 7, killerName: 'Old', weapon: 'Mosin', distance: 1900, maxRange: 1500, flags: ['range'], flagged: true }),
    // Ten older flagged kills: the list has two pages.
    ...Array.from({ length: 10 }, (_, i) => event(`r${i}`, new Date(now - (50 + i) * 86_400_000), { line: 100 + i, killerName: `Rapid${i}`, flags: ['rate'], flagged: true })),
  ]);
  // The current season began 35 days ago: after the 40-day-old kill, before the others.
  await collections(mongo.db).seasons.insertOne({ _id: `${GUILD}|1`, guildId: GUILD, number: 1, name: null, startedAt: new Date(now - 35 * 86_400_000), startedBy: ADMIN, endedAt: null, archive: null });
  await collections(mongo.db).guildConfigs.insertOne({ _id: GUILD, timezone: 'UTC', locale: null, adminRoleId: null, seasonChannelId: null, premium: { tier: 'free', expiresAt: null }, createdAt: new Date(), updatedAt: new Date() });
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1420000000000000002',
    token: 'flags-test-token',
    guilds: [
      {
        id: GUILD,
        name: 'Deadside Flags',
        ownerId: ADMIN,
        channels: [{ id: TEXT, name: 'general', type: 'text' }],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: MEMBER, username: 'member' },
        ],
      },
    ],
  });
  bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await mongo?.stop();
});

expectEveryRequestHandled(() => double);

describe('/flags', () => {
  it('shows flagged kills newest first with their file and line', async () => {
    const reply = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'flags' })).reply();
    expect(reply.flags! & 64).toBe(64);
    const entries = reply.embeds[0]!.description!.split('\n\n');
    expect(entries).toHaveLength(10);
    expect(entries[0]).toMatch(/^<t:\d+:f> · \*\*Alpha\*\* → \*\*Bravo\*\* · Combat Knife · 900 m \(max 10 m\) · too far\n`srv-flags\/deathlogs\/world_0\/2025\.05\.01-00\.00\.00\.csv:42`$/);
    expect(entries[1]).toContain('**Old** → **Bravo** · Mosin · 1,900 m (max 1,500 m)');
    expect(entries[1]).toContain(':7`');
    expect(reply.embeds[0]!.title).toBe('🚩 Suspicious kills · All servers · All time');
    expect(entries[2]).toMatch(/\*\*Rapid0\*\* → \*\*Bravo\*\* · AK-SU · 40 m \(max 800 m\) · kill rate\n`.*:100`$/);
    const next = customIds(reply).find((id) => id.startsWith('flags:page:') && id.endsWith(':n'))!;
    const second = await (await double.clickButton({ guildId: GUILD, userId: ADMIN, message: reply, customId: next })).reply();
    expect(second.id).toBe(reply.id);
    expect(second.embeds[0]!.description!.split('\n\n').map((e) => /\*\*(\w+)\*\* →/.exec(e)?.[1])).toEqual(['Rapid8', 'Rapid9']);
    expect(second.embeds[0]!.footer?.text).toContain('Page 2');
  });

  it('limits to a window in the guild’s timezone', async () => {
    const reply = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'flags', options: { window: 'month' } })).reply();
    const description = reply.embeds[0]!.description!;
    expect(description).toContain(`${FILE}:42`);
    expect(description).not.toContain('Old');
  });

  it('limits window:season to the current season', async () => {
    const reply = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'flags', options: { window: 'season' } })).reply();
    const description = reply.embeds[0]!.description!;
    expect(description).toContain(`${FILE}:42`);
    expect(description).not.toContain('Old');
    expect(description).not.toContain('Rapid');
  });

  it('refuses a member', async () => {
    const reply = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'flags' })).reply();
    expect(reply.flags! & 64).toBe(64);
    expect(reply.embeds).toHaveLength(0);
    expect(reply.content ?? '').not.toContain('Combat Knife');
  });
});

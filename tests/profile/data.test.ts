/**
 * What a profile shows and says: the figures gathered from their owners, the texts both the card and the
 * embed use, and the command's answer for a user who is not a member of the guild.
 */
import { describe, expect, it } from 'vitest';
import type { MemberStats, PlayerLink } from '../../src/db/schemas.js';
import { DEFAULT_BACKGROUND } from '../../src/economy/shop.js';
import type { PlayerStats } from '../../src/ingest/schemas.js';
import { dailyKey, streakRef } from '../../src/economy/daily.js';
import type { DailyEntry } from '../../src/economy/dailyStatus.js';
import { gatherProfile, type ProfileSources } from '../../src/profile/data.js';
import { profileView } from '../../src/profile/view.js';
import { translator } from '../../src/i18n/translate.js';
import { CDN, type User } from 'discord.js';
import profile from '../../src/commands/profile.js';
import { identityOf } from '../../src/profile/identity.js';
import type { CommandContext } from '../../src/framework/types.js';

const G = '1';
const U = '2';
const member = (over: Partial<MemberStats> = {}): MemberStats => ({ _id: `${G}:${U}`, guildId: G, userId: U, commandsUsed: 56, canvasPixelsPlaced: 1234, ...over });

function sources(over: Partial<ProfileSources> = {}, calls: string[] = []): ProfileSources {
  const log =
    <A extends unknown[], R>(name: string, f: (...a: A) => R) =>
    (...a: A) => {
      calls.push(name);
      return f(...a);
    };
  return {
    balance: log('balance', async () => 12345),
    rank: log('rank', async () => 3),
    memberStats: log('memberStats', async () => member({ daily: { lastDay: '2025-06-01', streak: 7 }, profileBackground: 'bg-forest' })),
    dailyEntries: log('dailyEntries', async () => []),
    links: log('links', async () => [{ _id: `${G}:${U}`, guildId: G, userId: U, playerId: 'p1', playerName: 'Alpha (at link time)', linkedAt: new Date() } as PlayerLink]),
    claims: log('claims', async () => []),
    player: log('player', async () => ({ name: 'Alpha', kills: 5, deaths: 1, kdr: 5 }) as PlayerStats),
    ...over,
  };
}

describe('gatherProfile', () => {
  it('reads each figure from its owner', async () => {
    const calls: string[] = [];
    const f = await gatherProfile(sources({}, calls), G, U, { timeZone: 'UTC', now: new Date('2025-06-02T10:00:00Z') });
    expect(f).toEqual({
      credits: 12345,
      rank: 3,
      streak: 7,
      pixels: 1234,
      commands: 56,
      player: { name: 'Alpha', kills: 5, deaths: 1, kdr: 5 },
      players: [{ name: 'Alpha', kills: 5, deaths: 1, kdr: 5 }],
      pending: [],
      background: [0x134e5e, 0x71b280],
    });
    expect(calls.sort()).toEqual(['balance', 'claims', 'dailyEntries', 'links', 'memberStats', 'player', 'rank']);
  });

  it('shows zeros, no player and the default background for a member the bot knows nothing of', async () => {
    const f = await gatherProfile(
      sources({ balance: async () => 0, rank: async () => null, memberStats: async () => null, links: async () => [] }),
      G,
      U,
      { timeZone: 'UTC' },
    );
    expect(f).toEqual({ credits: 0, rank: null, streak: 0, pixels: 0, commands: 0, player: null, players: [], pending: [], background: DEFAULT_BACKGROUND });
  });

  it('adds up a main and its alts, named after the main, beside each player and the claims awaiting approval', async () => {
    const link = (playerId: string, playerName: string) => ({ _id: `${G}:${playerId}`, guildId: G, userId: U, playerId, playerName, playerNameLower: playerName.toLowerCase(), linkedAt: new Date() });
    const stats: Record<string, { name: string; kills: number; deaths: number; kdr: number }> = { p1: { name: 'Main', kills: 6, deaths: 2, kdr: 3 }, p2: { name: 'Alt', kills: 3, deaths: 4, kdr: 0.75 } };
    const f = await gatherProfile(
      sources({ links: async () => [link('p1', 'Main'), link('p2', 'Alt')], player: async (_g, id) => stats[id] as PlayerStats, claims: async () => [{ playerName: 'Third' }] }),
      G,
      U,
      { timeZone: 'UTC' },
    );
    expect(f.player).toEqual({ name: 'Main', kills: 9, deaths: 6, kdr: 1.5 });
    expect(f.players.map((p) => p.name)).toEqual(['Main', 'Alt']);
    expect(f.pending).toEqual(['Third']);
    const view = profileView({ userId: U, username: 'member', displayName: 'Member', avatarUrl: null }, f, translator({ locale: 'en-US', timezone: 'UTC' }));
    expect(view.embed.fields!.find((x) => x.name === 'Linked player')?.value).toBe('**Main**\n**Alt**\n⏳ awaiting approval: Third');
  });

  it('keeps a linked player whose stats are gone, with zeros, and ignores a background the shop does not sell', async () => {
    const f = await gatherProfile(sources({ player: async () => null, memberStats: async () => member({ profileBackground: 'color-gold' }) }), G, U, { timeZone: 'UTC' });
    expect(f.player).toEqual({ name: 'Alpha (at link time)', kills: 0, deaths: 0, kdr: 0 });
    expect(f.background).toEqual(DEFAULT_BACKGROUND);
  });

  it('counts a daily streak only while it can go on, in the guild’s timezone', async () => {
    const streak = async (daily: MemberStats['daily'], timeZone: string, now: Date) =>
      (await gatherProfile(sources({ memberStats: async () => member(daily ? { daily } : {}) }), G, U, { timeZone, now })).streak;
    const daily = { lastDay: '2025-06-01', streak: 4 };
    expect(await streak(daily, 'UTC', new Date('2025-06-01T23:00:00Z'))).toBe(4);
    expect(await streak(daily, 'UTC', new Date('2025-06-02T23:59:00Z'))).toBe(4);
    expect(await streak(daily, 'UTC', new Date('2025-06-03T00:00:00Z'))).toBe(0);
    // 2025-06-03 01:00 in UTC is still 2025-06-02 in New York: the streak is alive there.
    expect(await streak(daily, 'America/New_York', new Date('2025-06-03T01:00:00Z'))).toBe(4);
    expect(await streak(undefined, 'UTC', new Date('2025-06-03T00:00:00Z'))).toBe(0);
  });

  it('counts a claim only the ledger knows of (a crash before the streak was stored), as /daily does', async () => {
    const now = new Date('2025-06-03T10:00:00Z');
    // Stored: the streak ended on the 1st. The ledger: the 2nd was paid as day 5 of it.
    const paid: DailyEntry = { _id: `${G}|${dailyKey(U, '2025-06-02')}`, state: 'applied', ref: streakRef(5, new Date('2025-06-02T09:00:00Z')) };
    const asked: string[] = [];
    const src = sources({
      memberStats: async () => member({ daily: { lastDay: '2025-06-01', streak: 4 } }),
      dailyEntries: async (_g, _u, today) => (asked.push(today), [paid]),
    });
    expect((await gatherProfile(src, G, U, { timeZone: 'UTC', now })).streak).toBe(5);
    expect(asked).toEqual(['2025-06-03']);
    // A refused entry is no claim; an entry of another member is not this one's.
    const refused = sources({ memberStats: async () => member({ daily: { lastDay: '2025-06-01', streak: 4 } }), dailyEntries: async () => [{ ...paid, state: 'refused' }] });
    expect((await gatherProfile(refused, G, U, { timeZone: 'UTC', now })).streak).toBe(0);
    const other = sources({ dailyEntries: async () => [{ ...paid, _id: `${G}|${dailyKey('3', '2025-06-02')}` }] });
    expect((await gatherProfile(other, G, U, { timeZone: 'UTC', now })).streak).toBe(0);
  });
});

describe('profileView', () => {
  const who = { userId: U, username: 'member', displayName: 'Member *bold* @everyone', avatarUrl: null };

  it('puts the same figures in the card and the embed, in the guild’s locale', async () => {
    const f = await gatherProfile(sources(), G, U, { timeZone: 'UTC', now: new Date('2025-06-02T10:00:00Z') });
    // Dutch: a locale without words of its own (English labels) that groups and decimals as German does.
    const view = profileView(who, f, translator({ locale: 'nl', timezone: 'UTC' }));
    const fields = Object.fromEntries(view.embed.fields!.map((x) => [x.name, x.value]));
    expect(fields).toEqual({
      Credits: '12.345',
      Rank: '#3',
      'Daily streak': '7 days',
      'Pixels placed': '1.234',
      'Commands used': '56',
      'Linked player': '**Alpha**',
      Kills: '5',
      Deaths: '1',
      'K/D': '5,00',
    });
    for (const tile of view.card.tiles) expect(fields[tile.label]).toBe(tile.value);
    expect(view.card.lines).toEqual(['@member', 'Linked player: Alpha']);
    expect(view.embed.image?.url).toBe('attachment://profile.png');
    expect(view.embed.title).toBe('Member \\*bold\\* @\u200beveryone');
    expect(view.alt).toContain('Credits: 12.345');
    expect(view.card.background).toEqual([0x134e5e, 0x71b280]);
  });

  it('says there is no linked player instead of empty kills and deaths', async () => {
    const f = await gatherProfile(sources({ links: async () => [] }), G, U, { timeZone: 'UTC' });
    const view = profileView(who, f, translator({ locale: 'en-US', timezone: 'UTC' }));
    const names = view.embed.fields!.map((x) => x.name);
    expect(names).not.toContain('Kills');
    expect(view.embed.fields!.find((x) => x.name === 'Linked player')?.value).toBe('no linked player');
    expect(view.card.lines[1]).toBe('No linked player');
  });

  it('speaks the guild’s language: labels, the streak’s plural and the lines, card and embed alike', async () => {
    const f = await gatherProfile(sources(), G, U, { timeZone: 'UTC', now: new Date('2025-06-02T10:00:00Z') });
    const view = profileView(who, f, translator({ locale: 'de', timezone: 'UTC' }));
    const fields = Object.fromEntries(view.embed.fields!.map((x) => [x.name, x.value]));
    expect(fields).toMatchObject({ Credits: '12.345', Rang: '#3', 'Tägliche Serie': '7 Tage', 'K/D': '5,00', 'Verknüpfter Spieler': '**Alpha**' });
    for (const tile of view.card.tiles) expect(fields[tile.label]).toBe(tile.value);
    expect(view.card.lines).toEqual(['@member', 'Verknüpfter Spieler: Alpha']);
    expect(view.alt).toContain('Profilkarte von Member');
    expect(view.alt).toContain('Tägliche Serie: 7 Tage');
    const one = profileView(who, { ...f, streak: 1, player: null }, translator({ locale: 'ru', timezone: 'UTC' }));
    expect(one.card.tiles[2]?.value).toBe('1 день');
    expect(one.card.lines[1]).toBe('Нет привязанного игрока');
  });
});

describe('identityOf', () => {
  const cdn = new CDN();
  const user = (avatar: string | null, globalName: string | null = null) =>
    ({ id: U, username: 'member', globalName, avatar, client: { rest: { cdn } }, avatarURL: (o: object) => (avatar ? cdn.avatar(U, avatar, o) : null) }) as unknown as User;

  it('names the member as the guild shows them and asks for a static 256 px PNG of their avatar', () => {
    expect(identityOf(user('abc', 'Global'), { nick: null, avatar: null }, G)).toEqual({
      userId: U,
      username: 'member',
      displayName: 'Global',
      avatarUrl: `https://cdn.discordapp.com/avatars/${U}/abc.png?size=256`,
    });
    // A guild avatar and nickname win over the account's; an animated avatar is asked as its first frame.
    expect(identityOf(user('abc', 'Global'), { nick: 'Nick', avatar: 'a_def' }, G)).toMatchObject({
      displayName: 'Nick',
      avatarUrl: `https://cdn.discordapp.com/guilds/${G}/users/${U}/avatars/a_def.png?size=256`,
    });
    // No avatar of their own: no URL, no fetch; the card draws initials.
    expect(identityOf(user(null), { nick: null, avatar: null }, G)).toMatchObject({ displayName: 'member', avatarUrl: null });
  });
});

describe('/profile for a user who is not a member', () => {
  it('answers with a clear message and reads nothing', async () => {
    const stranger = { id: '99', username: 'stranger', bot: false };
    let read = false;
    const ctx = {
      interaction: {
        guildId: G,
        user: { id: U, username: 'member' },
        member: {},
        options: { getUser: () => stranger, getMember: () => null },
      },
      services: new Proxy({}, { get: () => ((read = true), undefined) }),
      respond: async () => undefined,
      logger: { debug: () => undefined },
    } as unknown as CommandContext;
    await expect(profile.execute(ctx)).rejects.toThrow(/\*\*stranger\*\* is not a member of this server/);
    expect(read).toBe(false);
  });
});

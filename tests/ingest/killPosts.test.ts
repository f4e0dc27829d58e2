/**
 * Kill posts (rich and compact) against Discord's limits: maximal names, every label, every language,
 * posted through real REST to the Discord double as the outbox does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST, Routes, type APIEmbed } from 'discord.js';
import { parseKillfeedLine, type KillEvent } from '../../src/deadside/index.js';
import { embedLength, LIMITS } from '../../src/discord/limits.js';
import { LANGUAGES } from '../../src/i18n/locales.js';
import { translator } from '../../src/i18n/translate.js';
import { feedMessageBody, groupItems, nonceFor, outboxId } from '../../src/ingest/feedMessages.js';
import { COMPACT_EMBED_CHARS, compactItems, compactLine, richKillEmbed } from '../../src/ingest/killPosts.js';
import type { KillFacts } from '../../src/ingest/schemas.js';
import { DiscordDouble } from '../support/discord-double/index.js';

const GUILD = '1600000000000000200';
const KILLFEED = '1600000000000000211';

let double: DiscordDouble;
let rest: REST;

function kill(line: string): KillEvent {
  const r = parseKillfeedLine(line);
  if (!r.ok) throw new Error(r.reason);
  return r.event;
}

const maximal = (i: number) =>
  kill(`2025.05.01-10.00.${String(i % 60).padStart(2, '0')};@everyone_${'k'.repeat(400)};${'a'.repeat(31)}${i % 10};<@1>${'v'.repeat(400)};${'b'.repeat(31)}${i % 10};W_${'w'.repeat(1500)};${1000 + i}.5;PC;PS5;`);
/** Facts that bring out every label. */
const every = (id: string): KillFacts => ({ id, streak: 20, kills: 1000, deaths: 3, ended: 12, revenge: true, firstOfDay: true });

beforeAll(async () => {
  double = await DiscordDouble.start({
    applicationId: '1600000000000000201',
    botUserId: '1600000000000000202',
    token: 'kill-posts-token',
    guilds: [{ id: GUILD, name: 'Deadside EU', ownerId: '1600000000000000301', channels: [{ id: KILLFEED, name: 'killfeed', type: 'text' }], members: [] }],
  });
  rest = new REST({ api: double.apiBase }).setToken(double.token);
});

afterAll(async () => {
  await double?.stop();
});

async function post(embeds: APIEmbed[][]): Promise<void> {
  for (const [i, g] of embeds.entries()) await rest.post(Routes.channelMessages(KILLFEED), { body: feedMessageBody({ embeds: g }, nonceFor(outboxId('killfeed', `x${i}-${Math.random()}`))) });
}

describe('rich kill posts', () => {
  it('show weapon and category, distance, streak, K/D and every label, within the limits in every language', async () => {
    const items = LANGUAGES.map((language, i) => ({ kind: 'killfeed' as const, eventId: `r${i}`, embed: richKillEmbed(maximal(i), every(`r${i}`), translator({ locale: language }), 250) }));
    for (const { embed } of items) {
      expect(embed.title!.length).toBeLessThanOrEqual(LIMITS.title);
      expect(embedLength(embed as APIEmbed)).toBeLessThanOrEqual(LIMITS.embedTotal);
      expect(embed.description!.split('\n')).toHaveLength(6);
      expect(JSON.stringify(embed)).not.toMatch(/@everyone|<@1>/);
    }
    const en = items[0]!.embed;
    expect(Object.fromEntries(en.fields!.map((f) => [f.name, f.value]))).toMatchObject({ Distance: '1000.5 m', Streak: '20', 'K/D': '333.33' });
    expect(en.fields![0]!.value).toMatch(/^W\\_w+… · Other$/);
    expect(en.description).toContain('🏆 **Kill #1,000** for');
    const before = double.channelMessages(KILLFEED).length;
    await post(groupItems(items).map((g) => g.map((x) => x.embed as APIEmbed)));
    expect(double.schemaViolations).toEqual([]);
    expect(double.channelMessages(KILLFEED).length - before).toBeGreaterThan(0);
  });

  it('keep the plain wording for suicides and deaths', () => {
    const t = translator({ locale: 'en-US' });
    const fall = kill(`2025.05.01-10.00.00;A;${'a'.repeat(32)};A;${'a'.repeat(32)};falling;0;`);
    expect(richKillEmbed(fall, undefined, t)).toMatchObject({ title: 'A fell to their death' });
    expect(richKillEmbed(fall, undefined, t).fields).toBeUndefined();
  });
});

describe('compact kill posts', () => {
  it('write one line per event with its time and labels', () => {
    const t = translator({ locale: 'en-US' });
    const e = kill(`2025.05.01-10.00.00;A*;${'a'.repeat(32)};B;${'b'.repeat(32)};IZH-43;12;`);
    expect(compactLine(e, every('c'), t, 250)).toBe(
      `<t:${Date.UTC(2025, 4, 1, 10) / 1000}:T> **A\\*** killed **B** · IZH-43 · Shotgun · 12 m · 🔁 revenge 🛑 ended a 12 streak 🔥 20 in a row 🏆 kill #1,000 🌅 first blood`,
    );
    const [line] = compactItems([{ id: 'c', e }], new Map(), t, 250, new Set(), { bounties: new Map([['c', 500]]), members: new Map([['a'.repeat(32), 'hunter']]) }).map((x) => x.embed.description);
    expect(line).toMatch(/ · 12 m · 💰 500 bounty claimed by hunter$/);
    const menu = kill(`2025.05.01-10.00.00;A;${'a'.repeat(32)};A;${'a'.repeat(32)};suicide_by_relocation;0;`);
    expect(compactLine(menu, undefined, t)).toMatch(/:T> A relocated \(menu suicide\)$/);
  });

  it('pack hundreds of maximal kills into full messages Discord accepts, each kill once and in order', async () => {
    const t = translator({ locale: 'ru' });
    const kills = Array.from({ length: 200 }, (_, i) => ({ id: `k${i}`, e: maximal(i) }));
    // Every kill claims a bounty, paid to a member with a long display name.
    const claims = { bounties: new Map(kills.map((k) => [k.id, 123_456])), members: new Map(Array.from({ length: 10 }, (_, d) => [`${'a'.repeat(31)}${d}`, `<@2>${'m'.repeat(96)}`])) };
    const items = compactItems(kills, new Map(kills.map((k) => [k.id, every(k.id)])), t, 250, new Set(), claims);
    const lines = items.flatMap((x) => x.embed.description!.split('\n'));
    expect(lines).toHaveLength(200);
    expect(lines.every((l) => l.includes('💰') && !l.includes('<@2>'))).toBe(true);
    expect(lines.every((l) => !l.includes("<@1>") && !l.includes("@everyone") && l.includes("<\u200b@\u200b1>"))).toBe(true);
    for (const x of items) expect(embedLength(x.embed as APIEmbed)).toBeLessThanOrEqual(COMPACT_EMBED_CHARS);
    const groups = groupItems(items);
    expect(groups.length).toBeLessThan(items.length);
    expect(groups.every((g) => g.length === 3 || g === groups.at(-1))).toBe(true);
    expect(groups[0]![0]!.eventId).toBe('k0');
    const before = double.channelMessages(KILLFEED).length;
    await post(groups.map((g) => g.map((x) => x.embed as APIEmbed)));
    expect(double.schemaViolations).toEqual([]);
    const posted = double.channelMessages(KILLFEED).slice(before);
    expect(posted).toHaveLength(groups.length);
    for (const m of posted) expect(m.embeds.reduce((n, e) => n + embedLength(e as APIEmbed), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
  });
});

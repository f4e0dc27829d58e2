/**
 * Feed messages against Discord's limits: kills with maximal names and weapons are packed into messages
 * the Discord double accepts (each posted through real REST, as the outbox does), every kill once, with
 * mentions off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST, Routes, type APIEmbed } from 'discord.js';
import { parseKillfeedLine, type KillEvent } from '../../src/deadside/index.js';
import { embedLength, escapeName, LIMITS } from '../../src/discord/limits.js';
import { connectionEmbed, eventEmbed, feedMessageBody, groupItems, killEmbed, nonceFor, outboxId, type FeedItem } from '../../src/ingest/feedMessages.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { killEvents } from './helpers.js';

const GUILD = '1600000000000000100';
const KILLFEED = '1600000000000000111';

let double: DiscordDouble;
let rest: REST;

function kill(line: string): KillEvent {
  const r = parseKillfeedLine(line);
  if (!r.ok) throw new Error(r.reason);
  return r.event;
}

/** A kill whose names and weapon exceed every limit they are shown under; `i` marks it. */
function maximalKill(i: number): KillEvent {
  const id = (c: string) => `${c}${String(i).padStart(31, '0')}`;
  return kill(`2025.05.01-10.00.${String(i).padStart(2, '0')};K${i}_${'k'.repeat(400)};${id('a')};V${i}_${'v'.repeat(400)};${id('b')};W${i}_${'w'.repeat(1500)};${100 + i};PC;PC;`);
}

beforeAll(async () => {
  double = await DiscordDouble.start({
    applicationId: '1600000000000000001',
    botUserId: '1600000000000000002',
    token: 'feed-limits-token',
    guilds: [{ id: GUILD, name: 'Deadside EU', ownerId: '1600000000000000301', channels: [{ id: KILLFEED, name: 'killfeed', type: 'text' }], members: [] }],
  });
  rest = new REST({ api: double.apiBase }).setToken(double.token);
});

afterAll(async () => {
  await double?.stop();
});

describe('feed messages within Discord limits', () => {
  it('packs ten maximal kills into messages the double accepts, every kill exactly once, in order', async () => {
    const items: FeedItem[] = Array.from({ length: 10 }, (_, i) => ({ kind: 'killfeed', eventId: `ev${i}`, embed: killEmbed(maximalKill(i)) }));
    const groups = groupItems(items);
    expect(groups.length).toBeGreaterThan(1);
    for (const g of groups) {
      const id = outboxId('killfeed', g[0]!.eventId);
      await rest.post(Routes.channelMessages(KILLFEED), { body: feedMessageBody({ embeds: g.map((x) => x.embed) }, nonceFor(id)) });
    }
    expect(double.schemaViolations).toEqual([]);
    const posted = double.channelMessages(KILLFEED);
    expect(posted).toHaveLength(groups.length);
    for (const m of posted) {
      expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
      expect(m.embeds.reduce((n, e) => n + embedLength(e as APIEmbed), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
    }
    const weapons = posted.flatMap((m) => m.embeds.map((e) => e.fields?.find((f) => f.name === 'Weapon')?.value ?? ''));
    expect(weapons.map((w) => /^W(\d+)\\_/.exec(w)?.[1])).toEqual(items.map((_, i) => String(i)));
    // Each weapon field is as long as Discord allows; each title names both players.
    expect(weapons.every((w) => w.length === LIMITS.fieldValue)).toBe(true);
    posted.flatMap((m) => m.embeds).forEach((e, i) => expect(e.title).toMatch(new RegExp(`^K${i}\\\\_k+… killed V${i}\\\\_v+…$`)));
    // Mentions off on every post, as the outbox sends them.
    expect(double.messageBodies.map((b) => b.allowedMentions)).toEqual(groups.map(() => ({ parse: [] })));
  });

  it('keeps ordinary kills together, ten to a message, and the first event names the message', () => {
    const small = Array.from({ length: 23 }, (_, i): FeedItem => ({ kind: 'killfeed', eventId: `e${i}`, embed: killEmbed(kill(`2025.05.01-10.00.00;Alpha;${'a'.repeat(32)};Bravo;${'b'.repeat(32)};AK-74;${i};`)) }));
    const groups = groupItems(small);
    expect(groups.map((g) => g.length)).toEqual([10, 10, 3]);
    expect(groups.map((g) => g[0]!.eventId)).toEqual(['e0', 'e10', 'e20']);
    expect(groupItems(small)).toEqual(groups);
  });

  it('escapes names from the logs: no mention, no markdown', () => {
    const e = killEmbed(kill(`2025.05.01-10.00.00;@everyone;${'a'.repeat(32)};**Bravo**;${'b'.repeat(32)};[AK](https://x.example);12;`));
    expect(e.title).toBe(`${escapeName('@everyone')} killed \\*\\*Bravo\\*\\*`);
    expect(e.fields?.[0]?.value).toBe('\\[AK\\](https://x.example)');
    expect(connectionEmbed('@here', true, new Date(0)).title).toBe('@\u200bhere joined');
    expect(eventEmbed('Mission ready: _x_', new Date(0), '<@1>').description).toBe('<\u200b@\u200b1>');
  });

  it('the outbox body: the stored embeds as they are, mentions off, the nonce enforced', () => {
    const stored = { embeds: [{ title: 'kill' }] };
    expect(feedMessageBody(stored, nonceFor('killfeed:x'))).toEqual({ embeds: [{ title: 'kill' }], allowed_mentions: { parse: [] }, nonce: nonceFor('killfeed:x'), enforce_nonce: true });
  });
});

describe('feed messages', () => {
  it('groups the items of each kind (each channel) by at most 10, in their order, whatever lies between them', () => {
    const it = (kind: FeedItem['kind'], i: number): FeedItem => ({ kind, eventId: String(i), embed: { title: String(i) } });
    const items = [...Array.from({ length: 23 }, (_, i) => it('killfeed', i)), it('events', 99), it('killfeed', 100), it('connections', 7), it('events', 98)];
    const groups = groupItems(items);
    expect(groups.map((g) => `${g[0]!.kind}:${g.length}`)).toEqual(['killfeed:10', 'killfeed:10', 'killfeed:4', 'events:2', 'connections:1']);
    expect(groups[2]!.map((x) => x.eventId)).toEqual(['20', '21', '22', '100']);
    expect(groups[3]!.map((x) => x.eventId)).toEqual(['99', '98']);
  });

  it('derives a stable nonce of at most 25 characters from the outbox id', () => {
    const id = outboxId('killfeed', '0123456789abcdef0123');
    expect(nonceFor(id)).toHaveLength(25);
    expect(nonceFor(id)).toBe(nonceFor(outboxId('killfeed', '0123456789abcdef0123')));
    expect(nonceFor(id)).not.toBe(nonceFor(outboxId('events', '0123456789abcdef0123')));
  });

  it('describes kills, roadkills and suicides', () => {
    const [kill] = killEvents(1, 1);
    expect(killEmbed(kill!).title).toBeTruthy();
    const r = parseKillfeedLine(`2025.05.01-00.00.00;A;${'a'.repeat(32)};A;${'a'.repeat(32)};falling;0;`);
    expect(r.ok && killEmbed(r.event).title).toBe('A fell to their death');
  });
});

describe('names are escaped, then clipped', () => {
  it('shows both names of a kill between two 120-underscore players', () => {
    const line = `2025.05.15-00.00.00;${'_'.repeat(120)};${'a'.repeat(32)};${'_'.repeat(120)};${'b'.repeat(32)};AK;10;`;
    const r = parseKillfeedLine(line);
    if (!r.ok) throw new Error(r.reason);
    const title = killEmbed(r.event).title!;
    expect(title.length).toBeLessThanOrEqual(LIMITS.title);
    expect(title).toMatch(/^(\\_)+… killed (\\_)+…$/);
  });
});

/**
 * Callout posts (src/ingest/callouts.ts) against Discord's limits: which labels make one, the heading
 * label, maximal and hostile names in every language, posted through real REST to the Discord double.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST, Routes, type APIEmbed } from 'discord.js';
import { parseKillfeedLine, type KillEvent } from '../../src/deadside/index.js';
import { embedLength, LIMITS } from '../../src/discord/limits.js';
import { LANGUAGES } from '../../src/i18n/locales.js';
import { translator } from '../../src/i18n/translate.js';
import { calloutItems, calloutLabels } from '../../src/ingest/callouts.js';
import { feedMessageBody, groupItems, nonceFor, outboxId } from '../../src/ingest/feedMessages.js';
import type { KillFacts } from '../../src/ingest/schemas.js';
import { DiscordDouble } from '../support/discord-double/index.js';

const GUILD = '1600000000000000400';
const CALLOUTS = '1600000000000000411';

let double: DiscordDouble;
let rest: REST;

function kill(line: string): KillEvent {
  const r = parseKillfeedLine(line);
  if (!r.ok) throw new Error(r.reason);
  return r.event;
}

const maximal = (i: number) =>
  kill(`2025.05.01-10.00.${String(i % 60).padStart(2, '0')};@everyone_${'k'.repeat(400)};${'a'.repeat(31)}${i % 10};<@1>${'v'.repeat(400)};${'b'.repeat(31)}${i % 10};W_${'w'.repeat(1500)};${1000 + i}.5;PC;PS5;`);
const plain = (distance: number) => kill(`2025.05.01-10.00.00;Alpha;${'a'.repeat(32)};Bravo;${'b'.repeat(32)};M99;${distance};`);
/** Facts that bring out every label. */
const every = (id: string): KillFacts => ({ id, streak: 20, kills: 1000, deaths: 3, ended: 12, revenge: true, firstOfDay: true });
const none = (id: string): KillFacts => ({ id, streak: 4, kills: 99, deaths: 0, ended: 4, revenge: true, firstOfDay: false });

beforeAll(async () => {
  double = await DiscordDouble.start({
    applicationId: '1600000000000000401',
    botUserId: '1600000000000000402',
    token: 'callouts-token',
    guilds: [{ id: GUILD, name: 'Deadside EU', ownerId: '1600000000000000501', channels: [{ id: CALLOUTS, name: 'callouts', type: 'text' }], members: [] }],
  });
  rest = new REST({ api: double.apiBase }).setToken(double.token);
});

afterAll(async () => {
  await double?.stop();
});

describe('callouts', () => {
  it('are made of milestones, long shots and streak ends, never of a revenge alone, the rarest first', () => {
    expect(calloutLabels(plain(249.9), none('a'), 250)).toEqual([]);
    expect(calloutLabels(plain(250), none('a'), 250)).toEqual([{ kind: 'longShot', distance: 250 }]);
    expect(calloutLabels(plain(30), every('a'), 250).map((l) => l.kind)).toEqual(['kills', 'streak', 'streakEnded', 'firstOfDay']);
    const t = translator({ locale: 'en-US' });
    const [item] = calloutItems([{ id: 'a', e: plain(300) }], new Map([['a', every('a')]]), t, 250);
    expect(item).toMatchObject({ kind: 'callouts', eventId: 'a' });
    expect(item!.embed.title).toBe('🏆 Alpha reached 1,000 kills!');
    expect(item!.embed.description!.split('\n')).toEqual([
      '🔥 Alpha is on a 20-kill streak!',
      "🛑 Alpha ended Bravo's 12-kill streak",
      '🎯 Long shot! Alpha hit Bravo from 300 m',
      '🌅 Alpha drew first blood today',
      '**Alpha** killed **Bravo** · M99 · Sniper · 300 m',
    ]);
    // A suicide or a kill without facts (a batch from before them) has none.
    const fall = kill(`2025.05.01-10.00.00;A;${'a'.repeat(32)};A;${'a'.repeat(32)};falling;0;`);
    expect(calloutItems([{ id: 'f', e: fall }, { id: 'x', e: plain(900) }], new Map([['f', every('f')]]), t, 250)).toEqual([]);
  });

  it('stay within Discord’s limits in every language with maximal, hostile names, and Discord takes them', async () => {
    const kills = LANGUAGES.flatMap((language, i) => [0, 1].map((j) => ({ language, id: `c${i}-${j}`, e: maximal(i * 2 + j) })));
    const items = kills.flatMap((k) => calloutItems([k], new Map([[k.id, every(k.id)]]), translator({ locale: k.language }), 250));
    expect(items).toHaveLength(kills.length);
    for (const { embed } of items) {
      expect(embed.title!.length).toBeLessThanOrEqual(LIMITS.title);
      expect(embedLength(embed as APIEmbed)).toBeLessThanOrEqual(LIMITS.embedTotal);
      expect(embed.description!.split('\n')).toHaveLength(5);
      expect(JSON.stringify(embed)).not.toMatch(/@everyone|<@1>/);
    }
    // Short posts: several to a message, as the feeds pack them, each message within the limits.
    const groups = groupItems(items);
    expect(groups.length).toBeLessThan(items.length);
    for (const g of groups) {
      expect(g.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
      expect(g.reduce((n, x) => n + embedLength(x.embed as APIEmbed), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
    }
    const before = double.channelMessages(CALLOUTS).length;
    for (const g of groups) {
      const body = feedMessageBody({ embeds: g.map((x) => x.embed) }, nonceFor(outboxId('callouts', g[0]!.eventId)));
      await rest.post(Routes.channelMessages(CALLOUTS), { body });
    }
    expect(double.schemaViolations).toEqual([]);
    expect(double.channelMessages(CALLOUTS).length - before).toBe(groups.length);
  });
});

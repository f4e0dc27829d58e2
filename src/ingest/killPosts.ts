/**
 * A batch's kill posts in its server's style (`/server settings style:`), built once when the batch is
 * applied:
 * - rich: an embed per kill: who killed whom, the weapon and its category, the distance, the killer's
 *   streak and K/D after this kill, and what it meant (revenge, a streak ended, a long shot, milestones,
 *   the day's first kill; killFacts.ts). Suicides and deaths keep their plain embed (feedMessages.ts).
 * - compact: a line per event, many lines per embed, three embeds per message, for busy servers.
 * With a callouts channel, the milestones, long shots and streak ends are also posts of their own
 * there (callouts.ts), in either style.
 * Pure: the same batch and facts always give the same posts, so a replay upserts the same outbox messages
 * (the linked members' names are looked up again on a replay; the first stored message stands).
 */
import { weaponCategory, type KillEvent } from '../deadside/index.js';
import { clampEmbed, clip, codePoints, LIMITS, shownName } from '../discord/limits.js';
import type { Translator } from '../i18n/translate.js';
import { feedCutoff } from './batchOutbox.js';
import { calloutItems } from './callouts.js';
import { COLOR, killEmbed, metres, NAME_MAX, SUICIDE_TEXT, type Embed, type FeedItem } from './feedMessages.js';
import { labelsOf, type KillLabel } from './killFacts.js';
import { LONGSHOT_METRES, type KillFacts } from './killFactsSchema.js';
import type { PendingBatch } from './schemas.js';
import type { KillsOutcome } from './types.js';
import { kdr } from './statsDocs.js';
import { asTeamKill, taggedKills, teamKillMark, type FactionPosts } from './teamKillPosts.js';

/** An event of the batch, with its id. */
export interface BatchKill {
  e: KillEvent;
  id: string;
}

/**
 * Characters of one compact embed's lines: three such embeds fit one message (Discord counts 6,000 for
 * all embeds of a message), so a message carries up to 3 × 1,990 characters of kills.
 */
export const COMPACT_EMBED_CHARS = 1990;
/** Longest compact line (names, weapon and labels are bounded, so this cut is a safety net). */
const COMPACT_LINE_MAX = 600;
/** A name in a compact line: escaped, then cut. */
const COMPACT_NAME = 40;

/**
 * The events of a batch that are posted: recent enough, suicides unless hidden, with a killfeed or a
 * callouts channel (callouts follow the killfeed's rules: no callout for an old backlog kill either).
 */
export function postedKills(b: PendingBatch, kills: readonly BatchKill[]): BatchKill[] {
  if (!b.settings.channels.killfeed && !b.settings.channels.callouts) return [];
  const minAt = feedCutoff(b);
  return kills.filter((k) => !(k.e.kind === 'suicide' && !b.settings.showSuicides) && k.e.timestamp.getTime() >= minAt);
}

/** The feed items of the posted events: kill posts in the batch's style, then callouts; `facts` by event id (kills only). */
export function killItems(b: PendingBatch, posted: readonly BatchKill[], facts: readonly KillFacts[], t: Translator, members: ReadonlyMap<string, string> = new Map(), hook: KillsOutcome = {}, factions: FactionPosts = {}): FeedItem[] {
  const byId = new Map(facts.map((f) => [f.id, f]));
  const team = factions.team ?? new Set<string>();
  const shown = taggedKills(posted, factions.tags); // `[TAG] Name`
  const longshot = b.settings.longshotMetres ?? LONGSHOT_METRES.default;
  const { killfeed, callouts } = b.settings.channels;
  const feed: FeedItem[] = !killfeed
    ? []
    : b.settings.style === 'compact'
      ? compactItems(shown, byId, t, longshot, team, { bounties: hook.bounties, members })
      : shown.map((k) => ({ kind: 'killfeed', eventId: k.id, embed: team.has(k.id) ? asTeamKill(richKillEmbed(k.e, undefined, t, longshot), k.e.kind === 'kill' ? k.e.killer.id : '', t, factions.tags) : richKillEmbed(k.e, byId.get(k.id), t, longshot, members, hook.bounties?.get(k.id)) }));
  return callouts ? [...feed, ...calloutItems(shown, byId, t, longshot), ...autoBountyItems(shown, hook.autoBounties, t)] : feed;
}

/** The house's bounties a streak put on a killer (the kills hook's answer), as callouts. */
function autoBountyItems(posted: readonly BatchKill[], placed: ReadonlyMap<string, number> | undefined, t: Translator): FeedItem[] {
  if (!placed?.size) return [];
  return posted.flatMap(({ e, id }) => {
    const amount = placed.get(id);
    if (!amount || e.kind !== 'kill') return [];
    const title = t.t('bounty.auto.callout', { target: shownName(e.killer.name, NAME_MAX), amount: t.format.number(amount) });
    return [{ kind: 'callouts' as const, eventId: id, embed: clampEmbed({ title, color: 0xf1c40f, timestamp: e.timestamp.toISOString() }) as Embed }];
  });
}

function category(weapon: string, t: Translator): string {
  return t.t(`feed.weapon.${weaponCategory(weapon)}` as const);
}

function labelLine(l: KillLabel, names: { killer: string; victim: string }, t: Translator): string {
  switch (l.kind) {
    case 'revenge':
      return t.t('feed.label.revenge', names);
    case 'streakEnded':
      return t.t('feed.label.streakEnded', { victim: names.victim, count: l.count });
    case 'longShot':
      return t.t('feed.label.longShot', { distance: metres(l.distance, t) });
    case 'streak':
      return t.t('feed.label.streak', { count: l.count });
    case 'kills':
      return t.t('feed.label.kills', { killer: names.killer, count: l.count });
    case 'firstOfDay':
      return t.t('feed.label.firstOfDay');
  }
}

function tagOf(l: KillLabel, t: Translator): string {
  switch (l.kind) {
    case 'revenge':
      return t.t('feed.tag.revenge');
    case 'streakEnded':
      return t.t('feed.tag.streakEnded', { count: l.count });
    case 'longShot':
      return t.t('feed.tag.longShot');
    case 'streak':
      return t.t('feed.tag.streak', { count: l.count });
    case 'kills':
      return t.t('feed.tag.kills', { count: l.count });
    case 'firstOfDay':
      return t.t('feed.tag.firstOfDay');
  }
}

/**
 * A kill as a rich embed; without facts (a batch from before them) the plain kill embed with the weapon's
 * category. Names escaped (no markdown, no mention) and cut; the whole within Discord's embed limits.
 */
export function richKillEmbed(e: KillEvent, facts: KillFacts | undefined, t: Translator, longshotMetres: number = LONGSHOT_METRES.default, members: ReadonlyMap<string, string> = new Map(), bounty?: number): Embed {
  const base = killEmbed(e, t);
  if (e.kind !== 'kill') return base;
  const fields = [...(base.fields ?? [])];
  // As much of the weapon as the field holds beside its category (a killfeed may name weapons of any length).
  const kind = category(e.weapon, t);
  const room = LIMITS.fieldValue - codePoints(t.t('feed.kill.weaponWithCategory', { weapon: '', category: kind }));
  fields[0] = { name: t.t('feed.kill.weapon'), value: t.t('feed.kill.weaponWithCategory', { weapon: shownName(e.weapon, room), category: kind }), inline: true };
  if (!facts) return clampEmbed({ ...base, fields }) as Embed;
  fields.splice(
    2,
    0,
    { name: t.t('feed.kill.streak'), value: t.format.number(facts.streak), inline: true },
    { name: t.t('feed.kill.kd'), value: t.format.number(kdr(facts)), inline: true },
  );
  const names = { killer: shownName(e.killer.name, NAME_MAX), victim: shownName(e.victim.name, NAME_MAX) };
  const labels = labelsOf(e, facts, longshotMetres).map((l) => labelLine(l, names, t));
  // Who is behind each player, when a member linked it: a name as text (escaped), never a mention.
  const linked = (['killer', 'victim'] as const).flatMap((r) => {
    const member = members.get(e[r].id);
    return member ? [t.t('feed.kill.member', { player: names[r], member: shownName(member, NAME_MAX) })] : [];
  });
  if (linked.length) labels.unshift(linked.join(' · '));
  // The bounty credits this kill claimed (the kills hook's answer), paid to the killer's member.
  if (bounty) labels.push(claimedLine(e, bounty, members, t));
  return clampEmbed({ ...base, fields, ...(labels.length ? { description: labels.join('\n') } : {}) }) as Embed;
}

/** One event as a compact line: its time (Discord shows it in the reader's time), what happened, its labels. */
export function compactLine(e: KillEvent, facts: KillFacts | undefined, t: Translator, longshotMetres: number = LONGSHOT_METRES.default): string {
  const time = `<t:${Math.floor(e.timestamp.getTime() / 1000)}:T>`;
  const victim = shownName(e.victim.name, COMPACT_NAME);
  let text: string;
  if (e.kind === 'kill') {
    const killer = shownName(e.killer.name, COMPACT_NAME);
    const weapon = t.t('feed.kill.weaponWithCategory', { weapon: shownName(e.weapon, COMPACT_NAME), category: category(e.weapon, t) });
    text = e.roadkill ? t.t('feed.compact.ranOver', { killer, victim, weapon }) : t.t('feed.compact.kill', { killer, victim, weapon, distance: metres(e.distance, t) });
    const tags = facts ? labelsOf(e, facts, longshotMetres).map((l) => tagOf(l, t)) : [];
    if (tags.length) text += ` · ${tags.join(' ')}`;
  } else if (e.kind === 'suicide') {
    text = t.t(SUICIDE_TEXT[e.suicideKind], { victim });
  } else {
    text = t.t('feed.death', { victim });
  }
  return clip(`${time} ${text}`, COMPACT_LINE_MAX);
}

/**
 * Compact posts: lines packed in order into embeds of up to COMPACT_EMBED_CHARS; each embed is one feed
 * item named by its first event (groupItems then puts three in a message), so its outbox id is stable.
 */
export function compactItems(
  posted: readonly BatchKill[],
  facts: ReadonlyMap<string, KillFacts>,
  t: Translator,
  longshotMetres: number,
  team: ReadonlySet<string> = new Set(),
  claims: { bounties?: ReadonlyMap<string, number> | undefined; members?: ReadonlyMap<string, string> } = {},
): FeedItem[] {
  const items: FeedItem[] = [];
  let lines: string[] = [];
  let size = 0;
  let first: BatchKill | undefined;
  let last: BatchKill | undefined;
  const flush = () => {
    if (first && last) items.push({ kind: 'killfeed', eventId: first.id, embed: compactEmbed(lines, last.e.timestamp) });
    lines = [];
    size = 0;
    first = undefined;
  };
  for (const k of posted) {
    const bounty = claims.bounties?.get(k.id);
    const claimed = bounty && k.e.kind === 'kill' ? ` · ${claimedLine(k.e, bounty, claims.members ?? new Map(), t)}` : '';
    const line = compactLine(k.e, facts.get(k.id), t, longshotMetres) + (team.has(k.id) ? teamKillMark(t) : claimed);
    const n = codePoints(line) + (lines.length ? 1 : 0);
    if (lines.length && size + n > COMPACT_EMBED_CHARS) flush();
    first ??= k;
    last = k;
    size += lines.length ? n : codePoints(line);
    lines.push(line);
  }
  flush();
  return items;
}

function compactEmbed(lines: readonly string[], last: Date): Embed {
  return clampEmbed({ description: lines.join('\n'), color: COLOR.kill, timestamp: last.toISOString() }) as Embed;
}

/** "💰 500 bounty claimed by …": the bounty credits a kill claimed (the kills hook's answer), paid to the killer's member. */
function claimedLine(e: Extract<KillEvent, { kind: 'kill' }>, amount: number, members: ReadonlyMap<string, string>, t: Translator): string {
  return t.t('bounty.feed.claimed', { amount: t.format.number(amount), member: shownName(members.get(e.killer.id) ?? e.killer.name, NAME_MAX) });
}

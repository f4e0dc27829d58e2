/**
 * Callouts: what made a kill worth telling (a kill-count or streak milestone, a streak ended, a long shot,
 * the server's first kill of the day) as a short post of its own in the server's callouts channel
 * (`/server channels callouts:`), beside the killfeed and whatever its style. Revenge stays in the kill
 * post. Built from the batch's journaled facts (killFacts.ts) like the kill posts, and pure, so a replay
 * writes the same callouts under the same outbox ids (batchOutbox.ts: `callouts:<first event id>`).
 */
import { weaponCategory, type KillEvent } from '../deadside/index.js';
import { clampEmbed, shownName } from '../discord/limits.js';
import type { Translator } from '../i18n/translate.js';
import { metres, type Embed, type FeedItem } from './feedMessages.js';
import { labelsOf, type KillLabel } from './killFacts.js';
import type { KillFacts } from './killFactsSchema.js';

/** The labels a callout tells. */
export type CalloutLabel = Exclude<KillLabel, { kind: 'revenge' }>;
type Kill = Extract<KillEvent, { kind: 'kill' }>;

/** Which label heads a callout that has several: the rarest first. */
const RANK: Record<CalloutLabel['kind'], number> = { kills: 0, streak: 1, streakEnded: 2, longShot: 3, firstOfDay: 4 };
/** The colour of a callout, by its heading label. */
const COLOR: Record<CalloutLabel['kind'], number> = { kills: 0xf1c40f, streak: 0xe67e22, streakEnded: 0xe74c3c, longShot: 0x3498db, firstOfDay: 0xf39c12 };
/** A name in a callout, escaped then cut: two of them and the words around fit a title's 256 characters. */
const CALLOUT_NAME = 60;
/** A weapon in the callout's kill line (weapons are logged names of any length). */
const WEAPON_MAX = 60;

/** What of a kill is called out, the heading label first (none: no callout). */
export function calloutLabels(e: KillEvent, f: KillFacts, longshotMetres: number): CalloutLabel[] {
  return labelsOf(e, f, longshotMetres)
    .filter((l): l is CalloutLabel => l.kind !== 'revenge')
    .sort((a, b) => RANK[a.kind] - RANK[b.kind]);
}

function headline(l: CalloutLabel, names: { killer: string; victim: string }, t: Translator): string {
  switch (l.kind) {
    case 'kills':
      return t.t('feed.callout.kills', { killer: names.killer, count: l.count });
    case 'streak':
      return t.t('feed.callout.streak', { killer: names.killer, count: l.count });
    case 'streakEnded':
      return t.t('feed.callout.streakEnded', { ...names, count: l.count });
    case 'longShot':
      return t.t('feed.callout.longShot', { ...names, distance: metres(l.distance, t) });
    case 'firstOfDay':
      return t.t('feed.callout.firstOfDay', names);
  }
}

/**
 * One kill's callout: its heading label as the title, the other labels and the kill itself (who, with
 * what, from how far) below; names escaped (no markdown, no mention) and cut, within Discord's limits.
 */
export function calloutEmbed(e: Kill, labels: readonly CalloutLabel[], t: Translator): Embed {
  const names = { killer: shownName(e.killer.name, CALLOUT_NAME), victim: shownName(e.victim.name, CALLOUT_NAME) };
  const [head, ...rest] = labels.map((l) => headline(l, names, t));
  const weapon = t.t('feed.kill.weaponWithCategory', { weapon: shownName(e.weapon, WEAPON_MAX), category: t.t(`feed.weapon.${weaponCategory(e.weapon)}` as const) });
  const what = e.roadkill ? t.t('feed.compact.ranOver', { ...names, weapon }) : t.t('feed.compact.kill', { ...names, weapon, distance: metres(e.distance, t) });
  return clampEmbed({ title: head, description: [...rest, what].join('\n'), color: COLOR[labels[0]!.kind], timestamp: e.timestamp.toISOString() }) as Embed;
}

/** The callouts of a batch's posted kills, in their order: an embed per kill worth one (packed like the feeds). */
export function calloutItems(posted: readonly { e: KillEvent; id: string }[], facts: ReadonlyMap<string, KillFacts>, t: Translator, longshotMetres: number): FeedItem[] {
  const items: FeedItem[] = [];
  for (const { e, id } of posted) {
    const f = facts.get(id);
    if (e.kind !== 'kill' || !f) continue;
    const labels = calloutLabels(e, f, longshotMetres);
    if (labels.length) items.push({ kind: 'callouts', eventId: id, embed: calloutEmbed(e, labels, t) });
  }
  return items;
}

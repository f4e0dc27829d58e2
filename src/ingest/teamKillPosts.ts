/**
 * Factions in the kill posts (killPosts.ts): players shown as `[TAG] Name` when their linked member is in
 * a faction, and a team kill (batchTeamKills.ts) said as such, with no streak, K/D or labels (it counted
 * none). Pure like the posts: the same inputs give the same embeds.
 */
import type { KillEvent } from '../deadside/index.js';
import type { Translator } from '../i18n/translate.js';
import { clampEmbed } from '../discord/limits.js';
import type { Embed } from './feedMessages.js';

/** The factions' part of a batch's posts: tags by player id, the team kills' event ids. */
export interface FactionPosts {
  tags?: ReadonlyMap<string, string>;
  team?: ReadonlySet<string>;
}

const tagged = (name: string, tag: string | undefined) => (tag ? `[${tag}] ${name}` : name);

/** The posted events with their players' names tagged (copies: the batch's events are left as they are). */
export function taggedKills<K extends { e: KillEvent; id: string }>(posted: readonly K[], tags: ReadonlyMap<string, string> | undefined): readonly K[] {
  if (!tags?.size) return posted;
  return posted.map((k) => {
    const e = k.e;
    const victim = { ...e.victim, name: tagged(e.victim.name, tags.get(e.victim.id)) };
    return { ...k, e: e.kind === 'kill' ? { ...e, victim, killer: { ...e.killer, name: tagged(e.killer.name, tags.get(e.killer.id)) } } : { ...e, victim } };
  });
}

/** A kill's plain embed (no facts) marked as a team kill. */
export function asTeamKill(embed: Embed, killerId: string, t: Translator, tags: ReadonlyMap<string, string> | undefined): Embed {
  const tag = tags?.get(killerId);
  const line = tag ? t.t('faction.feed.teamKill', { tag }) : t.t('faction.feed.teamKillUntagged');
  return clampEmbed({ ...embed, description: embed.description ? `${line}\n${embed.description}` : line }) as Embed;
}

/** A compact line's team-kill mark. */
export const teamKillMark = (t: Translator) => ` · ${t.t('faction.feed.teamKillTag')}`;

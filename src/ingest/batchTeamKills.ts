/**
 * A killfeed batch's team kills and its posts' extras, apart from batchApplier.ts (which stays short).
 * Team kills (both players linked to members of one faction when it happened) are decided once per batch
 * by the teamKillsOf hook, before any stats write, and journaled with the facts and the windows' context:
 * a replay reads them from the batch and never asks again, so it counts exactly what the first run did.
 * A team kill counts no kill and no death (all time, every window, per server and guild-wide), pays
 * nothing (KillRecord.teamKill) and is posted as a team kill.
 */
import type { KillEvent } from '../deadside/index.js';
import type { BatchKill } from './killPosts.js';
import type { PendingBatch } from './schemas.js';

/** A kill as the team-kill question needs it. */
export interface TeamKillQuery {
  eventId: string;
  killerId: string;
  victimId: string;
  at: Date;
}

/** The event ids of the team kills among these kills (their players linked to members of one faction at `at`). */
export type TeamKillsOf = (guildId: string, kills: readonly TeamKillQuery[]) => Promise<string[]>;

/** The batch's team kills: journaled ones on a replay (none for a batch journaled before them), else the hook's answer. */
export async function teamKillsOfBatch(hook: TeamKillsOf | undefined, guildId: string, b: PendingBatch, kills: readonly BatchKill[]): Promise<ReadonlySet<string>> {
  if (b.windows) return new Set(b.teamKills ?? []);
  if (!hook) return new Set();
  const pvp: TeamKillQuery[] = [];
  for (const { e, id } of kills) if (e.kind === 'kill' && e.killer.id !== e.victim.id) pvp.push({ eventId: id, killerId: e.killer.id, victimId: e.victim.id, at: e.timestamp });
  return new Set(pvp.length ? await hook(guildId, pvp) : []);
}

type NamesOf = (guildId: string, playerIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;
/** The BatchHooks the posts' extras come from (typed here: batchTypes.ts imports this module). */
export interface PostHooks {
  linkedNames?: NamesOf;
  factionTagsOf?: NamesOf;
}

/** What the posts show beside the events: linked members' names (rich posts) and faction tags. */
export interface PostExtras {
  members: ReadonlyMap<string, string>;
  tags: ReadonlyMap<string, string>;
}

/** Looked up for the posted kills only (the hooks bound the lookups); a replay looks up again and the first stored post stands. */
export async function postExtras(hooks: PostHooks, guildId: string, b: PendingBatch, posted: readonly { e: KillEvent }[]): Promise<PostExtras> {
  const ids = posted.flatMap(({ e }) => (e.kind === 'kill' ? [e.killer.id, e.victim.id] : []));
  if (!ids.length || (!b.settings.channels.killfeed && !b.settings.channels.callouts)) return { members: new Map(), tags: new Map() };
  const rich = b.settings.channels.killfeed && b.settings.style !== 'compact';
  const [members, tags] = await Promise.all([rich && hooks.linkedNames ? hooks.linkedNames(guildId, ids) : new Map<string, string>(), hooks.factionTagsOf ? hooks.factionTagsOf(guildId, ids) : new Map<string, string>()]);
  return { members, tags };
}

/**
 * Guild-wide window documents (serverId `*`): a player's window summed over the guild's servers, so a
 * guild-wide board of a window is one indexed range. Recomputed after each batch from the per-server
 * window documents it touched, a pure function of them ordered by `srcSum`, exactly as guildStats.ts
 * does for the all-time documents (see its header for why concurrent servers end right).
 */
import type { Collection } from 'mongodb';
import type { Count } from './schemas.js';
import { capCounts } from './statsCounts.js';
import { writeGuildDocs, type AnyStatsDoc } from './guildStats.js';
import { guildWindowDocId, windowDocId, withWindowRanks, WINDOW_COUNTS_KEEP, type WindowPlayer } from './windowDocs.js';

/** Source ids per read: bounded whatever the batch and the guild's server count. */
const IDS_PER_READ = 2000;

function addCounts(into: Count[], from: readonly Count[]): void {
  for (const c of from) {
    const seen = into.find((x) => x.id === c.id);
    if (seen) seen.n += c.n;
    else into.push({ id: c.id, n: c.n });
  }
}

/** The guild-wide document of one player's window over its per-server documents (at least one). */
export function guildWindow(guildId: string, docs: readonly WindowPlayer[]): WindowPlayer & { srcSum: number } {
  const first = docs[0]!;
  // The name of the server that saw the player last.
  const newest = docs.reduce((a, d) => (d.lastSeenAt > a.lastSeenAt ? d : a), first);
  const out: WindowPlayer & { srcSum: number } = {
    ...structuredClone(first),
    _id: guildWindowDocId(guildId, first.window, first.playerId),
    serverId: '*',
    name: newest.name,
    nameLower: newest.nameLower,
    lastSeq: 0,
    srcSum: 0,
    kills: 0,
    deaths: 0,
    otherDeaths: 0,
    suicides: { menu: 0, fall: 0, vehicle: 0, other: 0 },
    suicidesTotal: 0,
    roadkills: 0,
    bestStreak: 0,
    streak: 0,
    longestKill: null,
    weapons: [],
    victims: [],
    killers: [],
  };
  for (const d of docs) {
    out.srcSum += d.lastSeq;
    out.kills += d.kills;
    out.deaths += d.deaths;
    out.otherDeaths += d.otherDeaths;
    out.suicidesTotal += d.suicidesTotal;
    out.roadkills += d.roadkills;
    for (const k of ['menu', 'fall', 'vehicle', 'other'] as const) out.suicides[k] += d.suicides[k];
    // Streaks are per server (kills in a row on one server), as in the all-time documents.
    out.bestStreak = Math.max(out.bestStreak, d.bestStreak);
    out.streak = Math.max(out.streak, d.streak);
    if (d.longestKill && (!out.longestKill || d.longestKill.distance > out.longestKill.distance)) out.longestKill = d.longestKill;
    if (d.firstSeenAt < out.firstSeenAt) out.firstSeenAt = d.firstSeenAt;
    if (d.lastSeenAt > out.lastSeenAt) out.lastSeenAt = d.lastSeenAt;
    if (d.expireAt > out.expireAt) out.expireAt = d.expireAt;
    addCounts(out.weapons, d.weapons);
    addCounts(out.victims, d.victims);
    addCounts(out.killers, d.killers);
  }
  for (const f of ['weapons', 'victims', 'killers'] as const) out[f] = capCounts(out[f], WINDOW_COUNTS_KEEP).kept;
  withWindowRanks(out);
  return out;
}

/**
 * Recomputes the guild-wide window documents of these (window key, player) pairs from every server's.
 * Round trips: one read per IDS_PER_READ source ids, one bulk write.
 */
export async function refreshGuildWindows(windows: Collection<WindowPlayer>, guildId: string, serverIds: readonly string[], pairs: readonly { key: string; playerId: string }[]): Promise<void> {
  if (!pairs.length || !serverIds.length) return;
  const perRead = Math.max(1, Math.floor(IDS_PER_READ / serverIds.length));
  const byPair = new Map<string, WindowPlayer[]>();
  for (let i = 0; i < pairs.length; i += perRead) {
    const ids = pairs.slice(i, i + perRead).flatMap((p) => serverIds.map((s) => windowDocId(s, p.key, p.playerId)));
    for (const d of await windows.find({ _id: { $in: ids } }).toArray()) {
      if (d.guildId !== guildId) continue;
      const k = `${d.window}|${d.playerId}`;
      byPair.set(k, [...(byPair.get(k) ?? []), d]);
    }
  }
  const docs = [...byPair.values()].map((g) => guildWindow(guildId, g));
  await writeGuildDocs(windows as unknown as Collection<AnyStatsDoc>, docs);
}

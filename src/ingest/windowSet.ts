/**
 * A batch's kill events applied to the window documents of one server (windowDocs.ts), the way
 * StatsWorkingSet applies them to the all-time ones: documents as read (a document already holding this
 * batch, `lastSeq >= seq`, is left alone: a replay), new absolute values out. Self-contained: a window
 * keeps its own streak (kills in a row inside the window), so nothing here depends on whether the
 * all-time documents of a replayed batch were written already.
 */
import type { KillEvent, SuicideKind } from '../deadside/index.js';
import type { Count, WindowContext } from './schemas.js';
import { bump, capCounts } from './statsCounts.js';
import { newWindowPlayer, windowDocId, withWindowRanks, WINDOW_COUNTS_KEEP, type WindowPlayer } from './windowDocs.js';
import { windowExpiry, windowKeysAt } from './windows.js';


export class WindowWorkingSet {
  private readonly docs = new Map<string, WindowPlayer>();
  private readonly readSeq = new Map<string, number>();
  private readonly changed = new Set<string>();
  private readonly index = new WeakMap<Count[], Map<string, Count>>();

  constructor(
    private readonly guildId: string,
    private readonly serverId: string,
    private readonly seq: number,
    private readonly ctx: WindowContext,
    private readonly now: Date = new Date(),
  ) {}

  /** The documents as read (idsOf): they are changed in place, callers don't reuse them. */
  load(existing: readonly WindowPlayer[]): this {
    for (const d of existing) {
      this.docs.set(d._id, { ...d, streak: d.streak ?? 0 });
      this.readSeq.set(d._id, d.lastSeq);
    }
    return this;
  }

  /** The window keys an event counts in, leaving out windows already past their retention. */
  keysOf(e: KillEvent): string[] {
    const season = this.ctx.seasonStartedAt && e.timestamp >= this.ctx.seasonStartedAt ? this.ctx.seasonId : null;
    return windowKeysAt(e.timestamp, this.ctx.timeZone, season).filter((k) => windowExpiry(k, e.timestamp) > this.now);
  }

  /** Every window document id a batch's events touch (for the one read before applying). */
  idsOf(events: readonly KillEvent[]): string[] {
    const ids = new Set<string>();
    for (const e of events) {
      for (const k of this.keysOf(e)) {
        ids.add(windowDocId(this.serverId, k, e.victim.id));
        if (e.kind === 'kill') ids.add(windowDocId(this.serverId, k, e.killer.id));
      }
    }
    return [...ids];
  }

  private player(key: string, id: string, name: string, at: Date): WindowPlayer | null {
    const _id = windowDocId(this.serverId, key, id);
    const s = this.readSeq.get(_id);
    if (s !== undefined && s >= this.seq) return null;
    let d = this.docs.get(_id);
    if (!d) {
      d = newWindowPlayer(this.guildId, this.serverId, key, id, name, at);
      this.docs.set(_id, d);
    }
    if (name && d.name !== name) {
      d.name = name;
      d.nameLower = name.toLowerCase();
    }
    if (at < d.firstSeenAt) d.firstSeenAt = at;
    if (at > d.lastSeenAt) d.lastSeenAt = at;
    const expires = windowExpiry(key, at);
    if (expires > d.expireAt) d.expireAt = expires;
    d.lastSeq = this.seq;
    this.changed.add(_id);
    return d;
  }

  /** One killfeed event, in every window it falls in (events in file order). */
  apply(e: KillEvent): void {
    for (const key of this.keysOf(e)) {
      const victim = this.player(key, e.victim.id, e.victim.name, e.timestamp);
      if (victim) {
        victim.streak = 0;
        if (e.kind === 'kill') {
          victim.deaths++;
          bump(victim.killers, e.killer.id, this.index);
        } else if (e.kind === 'suicide') {
          victim.suicides[e.suicideKind as SuicideKind]++;
          victim.suicidesTotal++;
        } else victim.otherDeaths++;
      }
      if (e.kind !== 'kill') continue;
      const killer = this.player(key, e.killer.id, e.killer.name, e.timestamp);
      if (!killer) continue;
      killer.kills++;
      if (e.roadkill) killer.roadkills++;
      killer.streak++;
      if (killer.streak > killer.bestStreak) killer.bestStreak = killer.streak;
      bump(killer.weapons, e.weapon, this.index);
      bump(killer.victims, e.victim.id, this.index);
      if (!killer.longestKill || e.distance > killer.longestKill.distance) {
        killer.longestKill = { distance: e.distance, weapon: e.weapon, victimId: e.victim.id, victimName: e.victim.name, at: e.timestamp };
      }
    }
  }

  /** Documents to write with the lastSeq they were read at (undefined: insert); derived fields set, arrays capped. */
  writes(): { doc: WindowPlayer; readSeq: number | undefined }[] {
    return [...this.changed].map((id) => {
      const doc = this.docs.get(id)!;
      for (const f of ['weapons', 'victims', 'killers'] as const) doc[f] = capCounts(doc[f], WINDOW_COUNTS_KEEP).kept;
      withWindowRanks(doc);
      return { doc, readSeq: this.readSeq.get(id) };
    });
  }
}

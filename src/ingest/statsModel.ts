/**
 * Pure stats arithmetic: kill events in, new absolute document values out. The database layer reads the
 * touched documents once, runs these functions, and writes the results back guarded by `lastSeq`, so the
 * same batch applied twice cannot count twice. The documents' shape is in statsDocs.ts, their count
 * arrays in statsCounts.ts (re-exported here, where tests and a migration import them).
 */
import type { KillEvent, SuicideKind } from '../deadside/index.js';
import { afterRevenge, withKiller } from './killFacts.js';
import type { DuelStats } from './duelSchema.js';
import type { Count, KillFacts, PlayerStats, ServerStats, StatsDoc, WeaponStats } from './schemas.js';
import { bump, capCounts } from './statsCounts.js';
import { duelDocId, newDuel, newPlayer, newServerStats, newWeapon, playerDocId, serverDocId, weaponDocId, withBoardFields, kdr, type StatsScope } from './statsDocs.js';

export { bump, capCounts, COUNTS_KEEP, topCount } from './statsCounts.js';
export { duelDocId, kdr, newServerStats, playerDocId, serverDocId, touchedDocIds, weaponDocId, withBoardFields, type StatsScope } from './statsDocs.js';

/**
 * Working set for one batch: documents as read (only those with lastSeq < seq are changed), plus the
 * ones created. `changed` lists what must be written.
 */
export class StatsWorkingSet {
  private readonly docs = new Map<string, StatsDoc>();
  /** Documents that were read at `lastSeq` (for the write guard); absent → new document. */
  readonly readSeq = new Map<string, number>();
  readonly changed = new Set<string>();
  private readonly index = new WeakMap<Count[], Map<string, Count>>();

  constructor(
    private readonly scope: StatsScope,
    private readonly seq: number,
    existing: readonly StatsDoc[],
  ) {
    // The documents are changed in place: callers pass what they just read and do not reuse it.
    for (const d of existing) {
      this.docs.set(d._id, d);
      this.readSeq.set(d._id, d.lastSeq);
    }
  }

  /** True when the document already holds this batch (a replay): it must not be changed again. */
  private applied(id: string): boolean {
    const s = this.readSeq.get(id);
    return s !== undefined && s >= this.seq;
  }

  private player(id: string, name: string, at: Date): PlayerStats | null {
    const key = playerDocId(this.scope.serverId, id);
    if (this.applied(key)) return null;
    let d = this.docs.get(key) as PlayerStats | undefined;
    if (!d) {
      d = newPlayer(this.scope, id, name, at);
      this.docs.set(key, d);
    }
    if (name && d.name !== name) {
      d.name = name;
      d.nameLower = name.toLowerCase();
    }
    if (at < d.firstSeenAt) d.firstSeenAt = at;
    if (at > d.lastSeenAt) d.lastSeenAt = at;
    this.touch(d);
    return d;
  }

  private weapon(name: string): WeaponStats | null {
    const key = weaponDocId(this.scope.serverId, name);
    if (this.applied(key)) return null;
    let d = this.docs.get(key) as WeaponStats | undefined;
    if (!d) {
      d = newWeapon(this.scope, name);
      this.docs.set(key, d);
    }
    this.touch(d);
    return d;
  }

  /** The pair's duel document (kills of `victimId` by `killerId`), or null when it already holds this batch. */
  private duel(killerId: string, victimId: string): DuelStats | null {
    const key = duelDocId(this.scope.serverId, killerId, victimId);
    if (this.applied(key)) return null;
    let d = this.docs.get(key) as DuelStats | undefined;
    if (!d) {
      d = newDuel(this.scope, killerId, victimId);
      this.docs.set(key, d);
    }
    this.touch(d);
    return d;
  }

  /** The server document, or null when this batch was already applied to it. */
  server(): ServerStats | null {
    const key = serverDocId(this.scope.serverId);
    if (this.applied(key)) return null;
    let d = this.docs.get(key) as ServerStats | undefined;
    if (!d) {
      d = newServerStats(this.scope);
      this.docs.set(key, d);
    }
    this.touch(d);
    return d;
  }

  private touch(d: StatsDoc): void {
    d.lastSeq = this.seq;
    this.changed.add(d._id);
  }

  /**
   * Apply one killfeed event to every document it concerns. For a kill, returns what it meant with the
   * stats as they stand right after it (KillFacts without its id); null for other events, or when the
   * killer's document already holds this batch (a replay: the facts journaled by the first run stand).
   * `day`: the event's calendar day in the guild's timezone (the server's first kill of the day).
   * `teamKill`: a kill inside one faction (ingest/batchTeamKills.ts): a line read, no kill or death counted.
   */
  applyKill(e: KillEvent, day?: string, teamKill = false): Omit<KillFacts, 'id'> | null {
    const srv = this.server();
    if (teamKill) {
      if (srv) srv.killfeedLines++;
      return null;
    }
    let firstOfDay = false;
    if (srv) {
      srv.killfeedLines++;
      if (e.kind === 'kill') {
        // A server counting kills from before the day was recorded learns the day without a label.
        if (day !== undefined && (srv.lastKillDay === undefined || day > srv.lastKillDay)) {
          firstOfDay = srv.lastKillDay !== undefined || srv.kills === 0;
          srv.lastKillDay = day;
        }
        srv.kills++;
        if (e.roadkill) srv.roadkills++;
      } else if (e.kind === 'suicide') srv.suicides++;
      else srv.otherDeaths++;
    }
    const victim = this.player(e.victim.id, e.victim.name, e.timestamp);
    let ended = 0;
    if (victim) {
      if (e.victim.platform) victim.platform = e.victim.platform;
      ended = victim.streak;
      victim.streak = 0;
      if (e.kind === 'kill') {
        victim.deaths++;
        bump(victim.killers, e.killer.id, this.index);
        victim.lastKilledBy = withKiller(victim.lastKilledBy, e.killer.id);
      } else if (e.kind === 'suicide') {
        victim.suicides[e.suicideKind as SuicideKind]++;
        victim.suicidesTotal++;
      } else {
        victim.otherDeaths++;
      }
      victim.kdr = kdr(victim);
    }
    if (e.kind !== 'kill') return null;
    const killer = this.player(e.killer.id, e.killer.name, e.timestamp);
    let facts: Omit<KillFacts, 'id'> | null = null;
    if (killer) {
      if (e.killer.platform) killer.platform = e.killer.platform;
      killer.kills++;
      if (e.roadkill) killer.roadkills++;
      killer.streak++;
      if (killer.streak > killer.bestStreak) killer.bestStreak = killer.streak;
      bump(killer.weapons, e.weapon, this.index);
      bump(killer.victims, e.victim.id, this.index);
      if (!killer.longestKill || e.distance > killer.longestKill.distance) {
        killer.longestKill = { distance: e.distance, weapon: e.weapon, victimId: e.victim.id, victimName: e.victim.name, at: e.timestamp };
      }
      killer.kdr = kdr(killer);
      const r = afterRevenge(killer.lastKilledBy, e.victim.id);
      killer.lastKilledBy = r.list;
      facts = { streak: killer.streak, kills: killer.kills, deaths: killer.deaths, ended, revenge: r.revenge, firstOfDay };
    }
    // Guarded on its own like every document: a replay after a crash that wrote it already skips it.
    const duel = this.duel(e.killer.id, e.victim.id);
    if (duel) duel.n++;
    const weapon = this.weapon(e.weapon);
    if (weapon) {
      weapon.kills++;
      bump(weapon.users, e.killer.id, this.index);
      if (!weapon.longestKill || e.distance > weapon.longestKill.distance) {
        weapon.longestKill = { distance: e.distance, killerId: e.killer.id, killerName: e.killer.name, victimName: e.victim.name, at: e.timestamp };
      }
    }
    return facts;
  }

  doc(id: string): StatsDoc | undefined {
    return this.docs.get(id);
  }

  /** Documents to write, with the lastSeq they were read at (undefined: insert); count arrays capped. */
  writes(): { doc: StatsDoc; readSeq: number | undefined }[] {
    return [...this.changed].map((id) => {
      const doc = this.docs.get(id)!;
      this.cap(doc);
      withBoardFields(doc);
      return { doc, readSeq: this.readSeq.get(id) };
    });
  }

  /** Count arrays cut to COUNTS_KEEP; what is cut is added to `others`, so every total stays exact. */
  private cap(d: StatsDoc): void {
    if (d.type === 'player') {
      const w = capCounts(d.weapons);
      const v = capCounts(d.victims);
      const k = capCounts(d.killers);
      if (!w.dropped && !v.dropped && !k.dropped) return;
      const o = d.others ?? { weapons: 0, victims: 0, killers: 0 };
      d.others = { weapons: o.weapons + w.dropped, victims: o.victims + v.dropped, killers: o.killers + k.dropped };
      for (const l of [d.weapons, d.victims, d.killers]) this.index.delete(l);
      d.weapons = w.kept;
      d.victims = v.kept;
      d.killers = k.kept;
    } else if (d.type === 'weapon') {
      const u = capCounts(d.users);
      if (!u.dropped) return;
      this.index.delete(d.users);
      d.others = { users: (d.others?.users ?? 0) + u.dropped };
      d.users = u.kept;
    }
  }
}

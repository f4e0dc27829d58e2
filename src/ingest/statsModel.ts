/**
 * Pure stats arithmetic: kill events in, new absolute document values out. The database layer reads the
 * touched documents once, runs these functions, and writes the results back guarded by `lastSeq`, so the
 * same batch applied twice cannot count twice.
 */
import type { KillEvent, SuicideKind } from '../deadside/index.js';
import { boardRanks, type BoardRanks } from '../stats/rank.js';
import type { Count, PlayerStats, ServerStats, StatsDoc, WeaponStats } from './schemas.js';

export interface StatsScope {
  guildId: string;
  serverId: string;
}

export const playerDocId = (serverId: string, playerId: string) => `${serverId}|p|${playerId}`;
export const weaponDocId = (serverId: string, weapon: string) => `${serverId}|w|${weapon}`;
export const serverDocId = (serverId: string) => `${serverId}|s`;

/** Every stats document id a batch of kill events touches (the server document always). */
export function touchedDocIds(serverId: string, events: readonly KillEvent[]): string[] {
  const ids = new Set<string>([serverDocId(serverId)]);
  for (const e of events) {
    ids.add(playerDocId(serverId, e.victim.id));
    if (e.killer) ids.add(playerDocId(serverId, e.killer.id));
    if (e.kind === 'kill') ids.add(weaponDocId(serverId, e.weapon));
  }
  return [...ids];
}

function newPlayer(s: StatsScope, id: string, name: string, at: Date): PlayerStats {
  return {
    _id: playerDocId(s.serverId, id),
    type: 'player',
    guildId: s.guildId,
    serverId: s.serverId,
    lastSeq: 0,
    playerId: id,
    name,
    nameLower: name.toLowerCase(),
    platform: null,
    kills: 0,
    deaths: 0,
    otherDeaths: 0,
    suicides: { menu: 0, fall: 0, vehicle: 0, other: 0 },
    suicidesTotal: 0,
    roadkills: 0,
    kdr: 0,
    longestKill: null,
    streak: 0,
    bestStreak: 0,
    weapons: [],
    victims: [],
    killers: [],
    firstSeenAt: at,
    lastSeenAt: at,
  };
}

function newWeapon(s: StatsScope, weapon: string): WeaponStats {
  return { _id: weaponDocId(s.serverId, weapon), type: 'weapon', guildId: s.guildId, serverId: s.serverId, lastSeq: 0, weapon, kills: 0, longestKill: null, users: [] };
}

export function newServerStats(s: StatsScope): ServerStats {
  return {
    _id: serverDocId(s.serverId),
    type: 'server',
    guildId: s.guildId,
    serverId: s.serverId,
    lastSeq: 0,
    kills: 0,
    otherDeaths: 0,
    suicides: 0,
    roadkills: 0,
    killfeedLines: 0,
    lastEvents: [],
    players: { online: 0, queued: 0, max: null },
  };
}

/**
 * Increment a count in an array map (arrays, not objects: weapon names may contain `.` or `$`). `index`
 * caches a Map per array: busy players' victim lists reach hundreds of entries.
 */
export function bump(list: Count[], id: string, index?: WeakMap<Count[], Map<string, Count>>): void {
  let byId = index?.get(list);
  if (index && !byId && list.length > 32) {
    byId = new Map(list.map((c) => [c.id, c]));
    index.set(list, byId);
  }
  const c = byId ? byId.get(id) : list.find((x) => x.id === id);
  if (c) c.n++;
  else {
    const added = { id, n: 1 };
    list.push(added);
    byId?.set(id, added);
  }
}

/**
 * Entries kept in each count array of a stats document (weapons, victims, killers of a player; users of
 * a weapon). Without a cap a document passes MongoDB's 16 MB after ~250K distinct ids (a fake flood) and
 * can never be written again. Only the top entries are shown (nemesis, prey, top 3 weapons, top 5
 * users); totals come from the scalar fields (kills, deaths, kdr), never from these arrays.
 */
export const COUNTS_KEEP = 100;

/**
 * Cuts `list` to its `keep` highest counts, in their order; returns the sum of the counts dropped. Among
 * equal counts the earliest entries go first, so a newcomer (at the end) gets its chance to climb. Pure
 * and deterministic: a replayed batch trims the same way.
 */
export function capCounts(list: Count[], keep: number = COUNTS_KEEP): { kept: Count[]; dropped: number } {
  if (list.length <= keep) return { kept: list, dropped: 0 };
  const order = list.map((_, i) => i).sort((a, b) => list[a]!.n - list[b]!.n || a - b);
  const gone = new Set(order.slice(0, list.length - keep));
  let dropped = 0;
  for (const i of gone) dropped += list[i]!.n;
  return { kept: list.filter((_, i) => !gone.has(i)), dropped };
}

/** The entry with the highest count (ties: first reached), or null. */
export function topCount(list: readonly Count[]): Count | null {
  let best: Count | null = null;
  for (const c of list) if (!best || c.n > best.n) best = c;
  return best;
}

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

  /** Apply one killfeed event to every document it concerns. */
  applyKill(e: KillEvent): void {
    const srv = this.server();
    if (srv) {
      srv.killfeedLines++;
      if (e.kind === 'kill') {
        srv.kills++;
        if (e.roadkill) srv.roadkills++;
      } else if (e.kind === 'suicide') srv.suicides++;
      else srv.otherDeaths++;
    }
    const victim = this.player(e.victim.id, e.victim.name, e.timestamp);
    if (victim) {
      if (e.victim.platform) victim.platform = e.victim.platform;
      victim.streak = 0;
      if (e.kind === 'kill') {
        victim.deaths++;
        bump(victim.killers, e.killer.id, this.index);
      } else if (e.kind === 'suicide') {
        victim.suicides[e.suicideKind as SuicideKind]++;
        victim.suicidesTotal++;
      } else {
        victim.otherDeaths++;
      }
      victim.kdr = kdr(victim);
    }
    if (e.kind !== 'kill') return;
    const killer = this.player(e.killer.id, e.killer.name, e.timestamp);
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
    }
    const weapon = this.weapon(e.weapon);
    if (weapon) {
      weapon.kills++;
      bump(weapon.users, e.killer.id, this.index);
      if (!weapon.longestKill || e.distance > weapon.longestKill.distance) {
        weapon.longestKill = { distance: e.distance, killerId: e.killer.id, killerName: e.killer.name, victimName: e.victim.name, at: e.timestamp };
      }
    }
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

/**
 * The fields boards and lookups query on an index: a player's number per board (`rank`), a weapon's
 * lower-cased name. Derived from the document, so setting them again changes nothing.
 */
export function withBoardFields<D extends StatsDoc>(d: D): D {
  if (d.type === 'player') (d as PlayerStats & { rank?: BoardRanks }).rank = boardRanks(d);
  else if (d.type === 'weapon') (d as WeaponStats & { nameLower?: string }).nameLower = d.weapon.toLowerCase();
  return d;
}

export function kdr(p: Pick<PlayerStats, 'kills' | 'deaths'>): number {
  return Math.round((p.kills / Math.max(1, p.deaths)) * 100) / 100;
}

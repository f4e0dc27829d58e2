/**
 * Shared pieces of the ingestion tests: an independent model of the expected stats (a plain loop over the
 * generator's decided meaning, not the parser), a counting RemoteFiles wrapper, and the world setup.
 */
import { REST } from 'discord.js';
import pino from 'pino';
import type { Db } from 'mongodb';
import { generateKillfeed, type ExpectedRow } from '../deadside/generate.js';
import { parseKillfeedLine, type KillEvent } from '../../src/deadside/index.js';
import type { RemoteFiles } from '../../src/ingest/index.js';
import type { OutboxMessage, PlayerStats, StatsDoc, WeaponStats, ServerStats } from '../../src/ingest/index.js';
import { nonceFor } from '../../src/ingest/feedMessages.js';

export interface ExpectedPlayer {
  kills: number;
  deaths: number;
  otherDeaths: number;
  suicides: { menu: number; fall: number; vehicle: number; other: number };
  streak: number;
  bestStreak: number;
  longest: number;
  victims: Map<string, number>;
}

export interface ExpectedStats {
  players: Map<string, ExpectedPlayer>;
  weapons: Map<string, number>;
  kills: number;
  suicides: number;
  otherDeaths: number;
  lines: number;
}

export function expectedStats(rows: readonly ExpectedRow[]): ExpectedStats {
  const players = new Map<string, ExpectedPlayer>();
  const weapons = new Map<string, number>();
  const p = (id: string) => {
    let x = players.get(id);
    if (!x) {
      x = { kills: 0, deaths: 0, otherDeaths: 0, suicides: { menu: 0, fall: 0, vehicle: 0, other: 0 }, streak: 0, bestStreak: 0, longest: -1, victims: new Map() };
      players.set(id, x);
    }
    return x;
  };
  const out: ExpectedStats = { players, weapons, kills: 0, suicides: 0, otherDeaths: 0, lines: 0 };
  for (const r of rows) {
    out.lines++;
    const v = p(r.victim.id);
    v.streak = 0;
    if (r.kind === 'kill') {
      out.kills++;
      v.deaths++;
      const k = p(r.killer!.id);
      k.kills++;
      k.streak++;
      k.bestStreak = Math.max(k.bestStreak, k.streak);
      k.longest = Math.max(k.longest, r.distance);
      k.victims.set(r.victim.id, (k.victims.get(r.victim.id) ?? 0) + 1);
      weapons.set(r.weapon, (weapons.get(r.weapon) ?? 0) + 1);
    } else if (r.kind === 'suicide') {
      out.suicides++;
      v.suicides[r.suicideKind!]++;
    } else {
      out.otherDeaths++;
      v.otherDeaths++;
    }
  }
  return out;
}

/** Compares the stats documents of a server with the independent model; returns a list of differences. */
export async function diffStats(db: Db, serverId: string, exp: ExpectedStats): Promise<string[]> {
  const docs = (await db.collection<StatsDoc>('ingest_stats').find({ serverId }).toArray()) as StatsDoc[];
  const diffs: string[] = [];
  const players = docs.filter((d): d is PlayerStats => d.type === 'player');
  const weapons = docs.filter((d): d is WeaponStats => d.type === 'weapon');
  const server = docs.find((d): d is ServerStats => d.type === 'server');
  if (players.length !== exp.players.size) diffs.push(`players: ${players.length} docs, expected ${exp.players.size}`);
  for (const d of players) {
    const e = exp.players.get(d.playerId);
    if (!e) {
      diffs.push(`unexpected player ${d.playerId}`);
      continue;
    }
    const got = {
      kills: d.kills,
      deaths: d.deaths,
      otherDeaths: d.otherDeaths,
      suicides: d.suicides,
      streak: d.streak,
      bestStreak: d.bestStreak,
      longest: d.longestKill?.distance ?? -1,
      victims: Object.fromEntries(d.victims.map((c) => [c.id, c.n])),
    };
    const want = { ...e, victims: Object.fromEntries(e.victims) };
    if (JSON.stringify(sortKeys(got)) !== JSON.stringify(sortKeys(want))) diffs.push(`player ${d.name}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
  }
  if (weapons.length !== exp.weapons.size) diffs.push(`weapons: ${weapons.length} docs, expected ${exp.weapons.size}`);
  for (const w of weapons) if (exp.weapons.get(w.weapon) !== w.kills) diffs.push(`weapon ${w.weapon}: ${w.kills} want ${exp.weapons.get(w.weapon)}`);
  const srv = server ? { kills: server.kills, suicides: server.suicides, otherDeaths: server.otherDeaths, lines: server.killfeedLines } : null;
  const wantSrv = { kills: exp.kills, suicides: exp.suicides, otherDeaths: exp.otherDeaths, lines: exp.lines };
  if (JSON.stringify(srv) !== JSON.stringify(wantSrv)) diffs.push(`server: ${JSON.stringify(srv)} want ${JSON.stringify(wantSrv)}`);
  return diffs;
}

function sortKeys(o: unknown): unknown {
  if (Array.isArray(o)) return o.map(sortKeys);
  if (o && typeof o === 'object') return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
  return o;
}

/** Wraps a RemoteFiles, counting operations and bytes transferred. */
export function countingRemote(inner: RemoteFiles) {
  const counts = { list: 0, stat: 0, statMany: 0, readFrom: 0, bytes: 0 };
  const remote: RemoteFiles = {
    list: (k, p) => (counts.list++, inner.list(k, p)),
    stat: (k, p) => (counts.stat++, inner.stat(k, p)),
    statMany: (k, p) => (counts.statMany++, inner.statMany(k, p)),
    readFrom: async (k, p, o, opts) => {
      counts.readFrom++;
      const r = await inner.readFrom(k, p, o, opts);
      counts.bytes += r.data.length;
      return r;
    },
  };
  return { remote, counts, reset: () => Object.assign(counts, { list: 0, stat: 0, statMany: 0, readFrom: 0, bytes: 0 }) };
}

export function restFor(apiBase: string, token: string): REST {
  return new REST({ api: apiBase }).setToken(token);
}

export const silentLogger = pino({ level: 'silent' });

export const IDS = {
  guild: '1100000000000000001',
  owner: '1100000000000000002',
  killfeed: '1100000000000000010',
  events: '1100000000000000011',
  connections: '1100000000000000012',
  playercount: '1100000000000000013',
  app: '1000000000000000001',
  bot: '1000000000000000002',
};

/** A due killfeed outbox message of the test guild, titled `kill <id>`, posted in `sortKey` order. */
export function outboxMessage(id: string, sortKey: number, channelId: string = IDS.killfeed): OutboxMessage {
  return {
    _id: id,
    guildId: IDS.guild,
    serverId: 's',
    channelId,
    kind: 'killfeed',
    body: { embeds: [{ title: `kill ${id}` }] },
    nonce: nonceFor(id),
    notBefore: new Date(0),
    sortKey,
    createdAt: new Date(0),
    sentAt: null,
    attempts: 0,
    lastError: null,
  };
}

export function guildDef() {
  return {
    id: IDS.guild,
    name: 'Deadside EU',
    ownerId: IDS.owner,
    channels: [
      { id: IDS.killfeed, name: 'killfeed', type: 'text' as const },
      { id: IDS.events, name: 'events', type: 'text' as const },
      { id: IDS.connections, name: 'connections', type: 'text' as const },
      { id: IDS.playercount, name: 'players', type: 'voice' as const },
    ],
    members: [{ id: IDS.owner, username: 'owner', manageGuild: true }],
  };
}

/** Independent expectations for a Deadside.log text (regexes from the spec, not the parser). */
export function expectedLogFeed(text: string): { events: number; joins: number; leaves: number; online: number; queued: number; max: number | null } {
  let events = 0;
  let joins = 0;
  let leaves = 0;
  let max: number | null = null;
  const online = new Set<string>();
  const queued = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('Log file open')) {
      events++;
      online.clear();
      queued.clear();
    }
    const mx = /-playersmaxcount=(\d+)/.exec(line);
    if (mx) max = Number(mx[1]);
    if (/LogSFPS: Mission GA_\w+ switched to READY/.test(line)) events++;
    if (/LogSFPS: AirDrop switched to Flying/.test(line)) events++;
    if (/LogSFPS: GameplayEvent \S*(Helicrash|RoamingTrader|Convoy)\S* switched to ACTIVE/.test(line)) events++;
    const q = /LogNet: Join request: .*eosid=\|([a-f0-9]{32})/.exec(line);
    if (q && !online.has(q[1]!)) queued.add(q[1]!);
    const j = /Player \|([a-f0-9]{32}) successfully registered!/.exec(line);
    if (j) {
      queued.delete(j[1]!);
      if (!online.has(j[1]!)) {
        online.add(j[1]!);
        joins++;
      }
    }
    const l = /Player \|([a-f0-9]{32}) successfully unregistered/.exec(line);
    if (l) {
      queued.delete(l[1]!);
      if (online.delete(l[1]!)) leaves++;
    }
    const c = /UChannel::Close: Sending CloseBunch.*UniqueId: EOS:\|([a-f0-9]{32})/.exec(line);
    if (c) queued.delete(c[1]!);
  }
  return { events, joins, leaves, online: online.size, queued: queued.size, max };
}

/** `n` generated kills of a seed, as the parser reads them. */
export const killEvents = (n: number, seed: number): KillEvent[] =>
  generateKillfeed(n, seed).rows.map((r) => {
    const p = parseKillfeedLine(r.line);
    if (!p.ok) throw new Error(p.reason);
    return p.event;
  });

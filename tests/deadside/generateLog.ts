/**
 * Synthetic Deadside.log generator for tests (the line patterns of ../shared/spec/deadside-logs.md).
 *
 * Like the killfeed generator beside it, it decides what happens first — a player queues, is admitted,
 * leaves, is kicked or drops out of the queue; a mission changes state; an airdrop flies; a helicrash,
 * roaming trader or convoy spawns; the server restarts with a new `-playersmaxcount=` — and writes the
 * line text from that decision. The expected counts, announcements and player counts therefore come from
 * the simulation, never from the parser under test.
 */
import { NAMES, rng } from './generate.js';

export type LogEventType =
  | 'serverStart'
  | 'maxPlayers'
  | 'queued'
  | 'joined'
  | 'left'
  | 'connectionClosed'
  | 'login'
  | 'kick'
  | 'mission'
  | 'missionRespawn'
  | 'airdrop'
  | 'gameplayEvent';

export interface GenerateLogOptions {
  /** PRNG seed (default 1). */
  seed?: number;
  /**
   * One entry per server session, its `-playersmaxcount=`. Every session opens with `Log file open, …`
   * and a command line, as after a restart (default `[60]`: one session).
   */
  maxPlayers?: readonly number[];
  /** Lines written per session, at least (default 680, the size of the reconstructed real log). */
  linesPerSession?: number;
  /** Start of the first session, UTC ms (default 2025-05-15T00:00:00Z). Sessions follow each other. */
  start?: number;
  /** Distinct players who come and go (default 40, at most 60). */
  players?: number;
}

export interface LogSnapshot {
  online: number;
  queued: number;
  max: number | null;
}

export interface LogSession {
  /** Index in `lines` of the session's `Log file open` line. */
  firstLine: number;
  startedAt: Date;
  maxPlayers: number;
  /** Counts at the end of the session (the next one starts from nobody). */
  online: number;
  queued: number;
}

export interface GeneratedServerLog {
  lines: string[];
  /** The lines, each ending with `\n`. */
  text: string;
  /** Event lines by the type a parser should report. */
  counts: Record<LogEventType, number>;
  /** Lines that carry no event (world saves, garbage collection, accepted connections, build line). */
  noise: number;
  /** What a feed announces, in order: restarts, missions ready, airdrops flying, helicrash/trader/convoy spawned. */
  announcements: { title: string; at: Date }[];
  /** Players who came online, and who went offline (left or kicked), in connection-feed terms. */
  joins: number;
  leaves: number;
  queuedWithPlatform: number;
  gameplay: { helicrash: number; trader: number; convoy: number };
  airdrops: { Flying: number; Dropping: number; Dead: number };
  kicks: { withId: number; withoutId: number };
  /** Join requests written with Name first (`?Name=…&eosid=…`) and with eosid first (`?eosid=…?Name=…`). */
  joinForms: { nameFirst: number; eosidFirst: number };
  /** Stamped lines written without the `[frame]` part. */
  framelessLines: number;
  sessions: LogSession[];
  /** Online/queued/max after the whole log. */
  final: LogSnapshot;
  /** Online/queued/max after the first `n` lines (0 ≤ n ≤ lines.length). */
  snapshotAfter(n: number): LogSnapshot;
}

interface Player {
  name: string;
  id: string;
  platform: 'PS5' | 'XSX' | 'PC' | null;
  platformId: string;
  state: 'offline' | 'queued' | 'online';
}

/** Mission ids (as in real logs) and the place a feed names them by. */
export const LOG_MISSIONS: readonly (readonly [id: string, place: string])[] = [
  ['GA_Airport_mis_01_SFPSACMission', 'Airfield'],
  ['GA_Military_02_Mis1', 'Military Base'],
  ['GA_Lighthouse_02_Mis1', 'Lighthouse'],
  ['GA_Bochki_Mis_1', 'Bochki'],
  ['GA_Settle_05_Mis_1', 'Settlement'],
  ['GA_OldMine_Mis_2', 'Old Mine'],
];
const MISSION_CYCLE = ['INITIAL', 'WAITING', 'READY', 'IN_PROGRESS', 'COMPLETED'] as const;
const GAMEPLAY = [
  { kind: 'helicrash', name: 'HelicrashManager_C_0.BP_HelicrashEvent_C_1', title: 'Helicopter crash spawned' },
  { kind: 'trader', name: 'GameplayEvents_C_0.BP_RoamingTraderEvent_C_2', title: 'Roaming trader spawned' },
  { kind: 'convoy', name: 'GameplayEvents_C_0.BP_ConvoyEvent_C_3', title: 'Convoy spawned' },
] as const;
const NOISE_LINES = ['LogSFPS: Saving world state', 'LogGarbage: Collecting garbage', 'LogStreaming: Display: Flushing async loaders.', 'LogNet: NotifyAcceptedConnection: Name: World_1, TimeStamp: x'];
const KICK_MESSAGES = ['Kicked by admin', 'Ping too high', 'You have been kicked: AFK'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function hexId(r: () => number): string {
  let s = '';
  for (let i = 0; i < 32; i++) s += '0123456789abcdef'[Math.floor(r() * 16)];
  return s;
}

/** A name as it appears in a join request URL: characters a query value cannot carry raw are percent-encoded. */
function urlName(name: string): string {
  return /[\s&?%+#=]/u.test(name) ? encodeURIComponent(name) : name;
}

export function generateServerLog(options: GenerateLogOptions = {}): GeneratedServerLog {
  const r = rng(options.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const maxes = options.maxPlayers ?? [60];
  const perSession = options.linesPerSession ?? 680;
  const poolSize = Math.min(60, Math.max(4, options.players ?? 40));
  if (maxes.length === 0) throw new Error('generateServerLog: at least one session');

  const names: string[] = [...NAMES];
  for (let i = 0; names.length < poolSize; i++) names.push(i % 3 === 2 ? `Rogue${700 + i * 7}` : `Player${10 + i}`);
  const players: Player[] = names.slice(0, poolSize).map((name, i) => ({
    name,
    id: hexId(r),
    // Console players' join requests carry `platformid=PS5:…` (or XSX); PC and some others do not.
    platform: i % 4 === 3 ? null : i % 4 === 2 ? 'PC' : i % 2 === 0 ? 'PS5' : 'XSX',
    platformId: String(100000000 + Math.floor(r() * 899999999)),
    state: 'offline',
  }));

  const lines: string[] = [];
  const snapshots: LogSnapshot[] = [{ online: 0, queued: 0, max: null }];
  const counts: Record<LogEventType, number> = {
    serverStart: 0,
    maxPlayers: 0,
    queued: 0,
    joined: 0,
    left: 0,
    connectionClosed: 0,
    login: 0,
    kick: 0,
    mission: 0,
    missionRespawn: 0,
    airdrop: 0,
    gameplayEvent: 0,
  };
  const out: Omit<GeneratedServerLog, 'lines' | 'text' | 'counts' | 'sessions' | 'final' | 'snapshotAfter'> = {
    noise: 0,
    announcements: [],
    joins: 0,
    leaves: 0,
    queuedWithPlatform: 0,
    gameplay: { helicrash: 0, trader: 0, convoy: 0 },
    airdrops: { Flying: 0, Dropping: 0, Dead: 0 },
    kicks: { withId: 0, withoutId: 0 },
    joinForms: { nameFirst: 0, eosidFirst: 0 },
    framelessLines: 0,
  };
  const sessions: LogSession[] = [];
  let max: number | null = null;
  let t = options.start ?? Date.UTC(2025, 4, 15, 0, 0, 0);
  let frame = 78;

  const count = (state: Player['state']) => players.filter((p) => p.state === state).length;
  const push = (line: string, type: LogEventType | null) => {
    lines.push(line);
    if (type) counts[type]++;
    else out.noise++;
    snapshots.push({ online: count('online'), queued: count('queued'), max });
  };
  /** `[YYYY.MM.DD-HH.MM.SS:mmm][frame]` after time moves on; the frame is right-aligned to 3, now and then absent. */
  const stamp = (minGapMs = 100, maxGapMs = 32_000): { prefix: string; at: Date } => {
    t += minGapMs + Math.floor(r() * (maxGapMs - minGapMs));
    frame += 1 + Math.floor(r() * 400);
    const d = new Date(t);
    const ts = `${d.getUTCFullYear()}.${pad(d.getUTCMonth() + 1)}.${pad(d.getUTCDate())}-${pad(d.getUTCHours())}.${pad(d.getUTCMinutes())}.${pad(d.getUTCSeconds())}:${pad(d.getUTCMilliseconds(), 3)}`;
    const frameless = r() < 0.03;
    if (frameless) out.framelessLines++;
    return { prefix: frameless ? `[${ts}]` : `[${ts}][${String(frame).padStart(3)}]`, at: d };
  };

  const missions = LOG_MISSIONS.map(([id, place]) => ({ id, place, step: Math.floor(r() * MISSION_CYCLE.length) }));

  for (const [s, maxPlayers] of maxes.entries()) {
    // A restart: the old session's players are gone without a line about them, as in a real rotation.
    for (const p of players) p.state = 'offline';
    if (s > 0) t += 60_000 + Math.floor(r() * 240_000);
    t -= t % 1000;
    const opened = new Date(t);
    const firstLine = lines.length;
    const d = opened;
    push(`Log file open, ${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`, 'serverStart');
    out.announcements.push({ title: 'Server restarted', at: opened });
    max = maxPlayers;
    push(`LogInit: Command Line:  -log -port=7777 -queryport=27015 -playersmaxcount=${maxPlayers} -serverid=7020`, 'maxPlayers');
    push(`${stamp(100, 900).prefix}LogInit: Build: ++DS+Release-1.2-CL-64512`, null);
    const end = firstLine + perSession;

    while (lines.length < end) {
      const offline = players.filter((p) => p.state === 'offline');
      const queued = players.filter((p) => p.state === 'queued');
      const online = players.filter((p) => p.state === 'online');
      const roll = r();
      if (roll < 0.17) {
        // A join request: the player is queued until registered, or until the connection closes.
        if (!offline.length || online.length + queued.length >= maxPlayers) continue;
        const p = pick(offline);
        const nameFirst = p.platform === 'PS5' || p.platform === 'XSX' ? r() < 0.8 : r() < 0.2;
        const query = nameFirst
          ? `?Name=${urlName(p.name)}&eosid=|${p.id}${p.platform === 'PS5' || p.platform === 'XSX' ? `&platformid=${p.platform}:${p.platformId}` : ''}`
          : `?eosid=|${p.id}?Name=${urlName(p.name)}`;
        if (nameFirst) out.joinForms.nameFirst++;
        else out.joinForms.eosidFirst++;
        if (nameFirst && p.platform === 'PS5') out.queuedWithPlatform++;
        p.state = 'queued';
        push(`${stamp().prefix}LogNet: Join request: /Game/Maps/world_1/World_1${query}`, 'queued');
      } else if (roll < 0.33) {
        // Admitted: OnLogin, then registered.
        if (!queued.length) continue;
        const p = pick(queued);
        if (r() < 0.3) push(`${stamp().prefix}${NOISE_LINES[3]}`, null);
        push(`${stamp().prefix}LogSFPS: [ASFPSGameSession::OnLogin] Login = ${p.name}, ID = |${p.id}`, 'login');
        p.state = 'online';
        out.joins++;
        push(`${stamp(50, 4000).prefix}LogOnline: Warning: Player |${p.id} successfully registered!`, 'joined');
      } else if (roll < 0.36) {
        // Gave up in the queue: only the connection closes.
        if (!queued.length) continue;
        const p = pick(queued);
        p.state = 'offline';
        push(`${stamp().prefix}LogNet: UChannel::Close: Sending CloseBunch. ChIndex == 0. Name: [UChannel] ChIndex: 0, Closing: 0 [UNetConnection] RemoteAddr: 10.0.0.${1 + Math.floor(r() * 250)}:${10000 + Math.floor(r() * 55000)}, Name: IpConnection_${100 + Math.floor(r() * 900)}, UniqueId: EOS:|${p.id}`, 'connectionClosed');
      } else if (roll < 0.47) {
        // Left (now and then kicked first): unregistered, then the connection closes.
        if (!online.length) continue;
        const p = pick(online);
        if (r() < 0.12) {
          const withId = r() < 0.7;
          const msg = pick(KICK_MESSAGES);
          push(`${stamp().prefix}LogSFPS: Error: [ASFPSGameSession::KickPlayer] Login = ${p.name}, ${withId ? `SteamId = |${p.id}, ` : ''}Msg = ${msg}`, 'kick');
          if (withId) out.kicks.withId++;
          else out.kicks.withoutId++;
        }
        p.state = 'offline';
        out.leaves++;
        push(`${stamp().prefix}LogOnline: Warning: Player |${p.id} successfully unregistered from the session.`, 'left');
        push(`${stamp(50, 2000).prefix}LogNet: UChannel::Close: Sending CloseBunch. ChIndex == 0. Name: [UChannel] ChIndex: 0, Closing: 0 [UNetConnection] RemoteAddr: 10.0.0.${1 + Math.floor(r() * 250)}:${10000 + Math.floor(r() * 55000)}, Name: IpConnection_${100 + Math.floor(r() * 900)}, UniqueId: EOS:|${p.id}`, 'connectionClosed');
      } else if (roll < 0.6) {
        // A mission moves on through INITIAL → WAITING → READY → IN_PROGRESS → COMPLETED (then respawns).
        const m = pick(missions);
        const state = MISSION_CYCLE[m.step % MISSION_CYCLE.length]!;
        m.step++;
        const at = stamp();
        push(`${at.prefix}LogSFPS: Mission ${m.id} switched to ${state}`, 'mission');
        if (state === 'READY') out.announcements.push({ title: `Mission ready: ${m.place}`, at: at.at });
        if (state === 'COMPLETED') push(`${stamp(100, 1000).prefix}LogSFPS: Mission ${m.id} will respawn in ${pick([600, 900, 1800])}`, 'missionRespawn');
      } else if (roll < 0.65) {
        // An airdrop: flying, dropping, gone.
        for (const state of ['Flying', 'Dropping', 'Dead'] as const) {
          const at = stamp(1000, 40_000);
          push(`${at.prefix}LogSFPS: AirDrop switched to ${state}`, 'airdrop');
          out.airdrops[state]++;
          if (state === 'Flying') out.announcements.push({ title: 'Airdrop incoming', at: at.at });
        }
      } else if (roll < 0.71) {
        const g = pick(GAMEPLAY);
        const state = r() < 0.8 ? 'ACTIVE' : 'FINISHED';
        const at = stamp();
        push(`${at.prefix}LogSFPS: GameplayEvent ${g.name} switched to ${state}`, 'gameplayEvent');
        out.gameplay[g.kind]++;
        if (state === 'ACTIVE') out.announcements.push({ title: g.title, at: at.at });
      } else {
        push(`${stamp().prefix}${pick(NOISE_LINES)}`, null);
      }
    }
    sessions.push({ firstLine, startedAt: opened, maxPlayers, online: count('online'), queued: count('queued') });
  }

  const final = snapshots[snapshots.length - 1]!;
  return {
    lines,
    text: lines.map((l) => `${l}\n`).join(''),
    counts,
    ...out,
    sessions,
    final,
    snapshotAfter(n: number): LogSnapshot {
      const s = snapshots[n];
      if (!s) throw new RangeError(`snapshotAfter(${n}): the log has ${lines.length} lines`);
      return { ...s };
    },
  };
}

/**
 * Parser for one line of a Deadside server log (`Logs/Deadside.log`, an Unreal Engine log).
 *
 * Most lines are noise: they yield `null`. A line that carries one of the recognised markers but does not
 * have the expected shape yields `{ ok: false, reason }`, so callers can count and log format drift.
 */
import { parseDeadsideTimestamp } from './timestamp.js';
import { missionPlaceName } from './missions.js';
import { matchConnectionClosed, matchKick, matchLogin } from './serverLogMatchers.js';
import type { GameplayEventKind, QueuedEvent, ServerLogParseResult } from './serverLogEvents.js';

// The event types and the matchers are importable from here, as before the split.
export * from './serverLogEvents.js';
export { matchConnectionClosed, matchKick, matchLogin } from './serverLogMatchers.js';

const PREFIX_RE = /^\[(\d{4}\.\d{2}\.\d{2}-\d{2}\.\d{2}\.\d{2}):(\d{3})\](?:\[\s*(\d+)\])?/;
const LOG_OPEN_RE = /^Log file open, (\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})\s*$/;
const MAX_PLAYERS_RE = /-playersmaxcount=(\d+)(?:\s|$)/;
const JOIN_URL_RE = /LogNet: Join request: \/Game\/Maps\/world_(\d+)\/World_\d+\?(\S*)/;
const HEX32_RE = /^[a-f0-9]{32}$/;
const REGISTERED_RE = /LogOnline: Warning: Player \|([a-f0-9]{32}) successfully registered!/;
const UNREGISTERED_RE = /LogOnline: Warning: Player \|([a-f0-9]{32}) successfully unregistered from the session\./;
const MISSION_RE = /LogSFPS: Mission (GA_[A-Za-z0-9_]+) switched to ([A-Z_]+)\s*$/;
const RESPAWN_RE = /LogSFPS: Mission (GA_[A-Za-z0-9_]+) will respawn in (\d+)\s*$/;
const AIRDROP_RE = /LogSFPS: AirDrop switched to (\w+)\s*$/;
const GAMEPLAY_RE = /LogSFPS: GameplayEvent (\S+) switched to ([A-Z_]+)\s*$/;

function bad(reason: string): ServerLogParseResult {
  return { ok: false, reason };
}

function gameplayKindOf(name: string): GameplayEventKind | null {
  if (name.includes('Helicrash')) return 'helicrash';
  if (name.includes('RoamingTrader')) return 'trader';
  if (name.includes('Convoy')) return 'convoy';
  return null;
}

function decodeQueryValue(v: string): string {
  const plus = v.replace(/\+/g, ' ');
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}

/** The marker strings that make a line "ours"; checked with includes() before any regex runs. */
const MARK_JOIN = 'LogNet: Join request:';
const MARK_REG = ' successfully registered!';
const MARK_UNREG = ' successfully unregistered from the session';
const MARK_CLOSE = 'LogNet: UChannel::Close:';
const MARK_LOGIN = '[ASFPSGameSession::OnLogin]';
const MARK_KICK = '[ASFPSGameSession::KickPlayer]';
const MARK_MISSION = 'LogSFPS: Mission ';
const MARK_AIRDROP = 'LogSFPS: AirDrop ';
const MARK_GAMEPLAY = 'LogSFPS: GameplayEvent ';

/**
 * Parse one Deadside.log line (a trailing `\r`/`\n` and a leading BOM are ignored). Never throws.
 */
export function parseServerLogLine(input: string): ServerLogParseResult {
  let line = input;
  if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 0x0d || line.charCodeAt(end - 1) === 0x0a)) end--;
  if (end !== line.length) line = line.slice(0, end);
  if (line.length === 0) return null;

  if (line.startsWith('Log file open')) {
    const m = LOG_OPEN_RE.exec(line);
    if (!m) return bad('log-open line is not "Log file open, MM/DD/YY HH:MM:SS"');
    const [, mo, da, yy, h, mi, se] = m as unknown as [string, string, string, string, string, string, string];
    const ms = parseDeadsideTimestamp(`20${yy}.${mo}.${da}-${h}.${mi}.${se}`);
    if (Number.isNaN(ms)) return bad('log-open line has an invalid date');
    return { ok: true, event: { type: 'serverStart', timestamp: new Date(ms), frame: null } };
  }

  // Timestamp prefix (absent on the first lines of a log, e.g. the command line).
  let timestamp: Date | null = null;
  let frame: number | null = null;
  let prefixError: string | null = null;
  if (line.charCodeAt(0) === 0x5b /* [ */) {
    const p = PREFIX_RE.exec(line);
    const ms = p ? parseDeadsideTimestamp(p[1]!) : NaN;
    if (p && !Number.isNaN(ms)) {
      timestamp = new Date(ms + Number(p[2]));
      frame = p[3] === undefined ? null : Number(p[3]);
    } else {
      prefixError = 'line prefix is not [YYYY.MM.DD-HH.MM.SS:mmm][frame]';
    }
  }

  if (line.includes('-playersmaxcount=')) {
    const m = MAX_PLAYERS_RE.exec(line);
    if (!m) return bad('-playersmaxcount is not followed by a number');
    const max = Number(m[1]);
    if (!Number.isSafeInteger(max) || max <= 0) return bad('-playersmaxcount is not a positive integer');
    return { ok: true, event: { type: 'maxPlayers', max, timestamp, frame } };
  }

  // Identify the event family by a literal marker; unmarked lines are noise.
  let family: 'join' | 'reg' | 'unreg' | 'close' | 'login' | 'kick' | 'mission' | 'airdrop' | 'gameplay';
  if (line.includes(MARK_JOIN)) family = 'join';
  else if (line.includes(MARK_REG)) family = 'reg';
  else if (line.includes(MARK_UNREG)) family = 'unreg';
  else if (line.includes(MARK_CLOSE)) family = 'close';
  else if (line.includes(MARK_LOGIN)) family = 'login';
  else if (line.includes(MARK_KICK)) family = 'kick';
  else if (line.includes(MARK_MISSION)) family = 'mission';
  else if (line.includes(MARK_AIRDROP)) family = 'airdrop';
  else if (line.includes(MARK_GAMEPLAY)) family = 'gameplay';
  else return null;

  // Channel closes without an EOS id (pending connections, server channels) are not player events.
  if (family === 'close' && !line.includes('UniqueId: EOS:')) return null;
  // Matched once here and reused below.
  const gameplay = family === 'gameplay' ? GAMEPLAY_RE.exec(line) : null;
  if (gameplay && gameplayKindOf(gameplay[1]!) === null) return null; // other gameplay events are not tracked

  if (prefixError !== null) return bad(prefixError);
  if (timestamp === null) return bad('event line has no [timestamp] prefix');
  const ts = timestamp;

  switch (family) {
    case 'join': {
      const m = JOIN_URL_RE.exec(line);
      if (!m) return bad('join request without a /Game/Maps/world_N/World_N? URL');
      let eosId: string | null = null;
      let name: string | null = null;
      let platform: string | undefined;
      let platformId: string | undefined;
      for (const part of m[2]!.split(/[?&]/)) {
        const eq = part.indexOf('=');
        if (eq <= 0) continue;
        const key = part.slice(0, eq).toLowerCase();
        const value = part.slice(eq + 1);
        if (key === 'eosid') eosId = value.startsWith('|') ? value.slice(1) : value;
        else if (key === 'name') name = decodeQueryValue(value);
        else if (key === 'platformid') {
          const colon = value.indexOf(':');
          platform = colon >= 0 ? value.slice(0, colon) : value;
          if (colon >= 0) platformId = value.slice(colon + 1);
        }
      }
      if (eosId === null) return bad('join request without eosid');
      if (!HEX32_RE.test(eosId)) return bad('join request eosid is not a 32-char hex id');
      if (name === null || name.length === 0) return bad('join request without Name');
      const event: QueuedEvent = { type: 'queued', timestamp: ts, frame, eosId, name, world: Number(m[1]) };
      if (platform !== undefined && platform.length > 0) event.platform = platform;
      if (platformId !== undefined && platformId.length > 0) event.platformId = platformId;
      return { ok: true, event };
    }
    case 'reg': {
      const m = REGISTERED_RE.exec(line);
      if (!m) return bad('"successfully registered" line without a |hex id');
      return { ok: true, event: { type: 'joined', timestamp: ts, frame, eosId: m[1]! } };
    }
    case 'unreg': {
      const m = UNREGISTERED_RE.exec(line);
      if (!m) return bad('"successfully unregistered" line without a |hex id');
      return { ok: true, event: { type: 'left', timestamp: ts, frame, eosId: m[1]! } };
    }
    case 'close': {
      const eosId = matchConnectionClosed(line);
      if (eosId === null) return bad('UChannel::Close line with a malformed EOS id');
      return { ok: true, event: { type: 'connectionClosed', timestamp: ts, frame, eosId } };
    }
    case 'login': {
      const m = matchLogin(line);
      if (!m) return bad('OnLogin line is not "Login = name, ID = |hex"');
      return { ok: true, event: { type: 'login', timestamp: ts, frame, name: m.name, eosId: m.eosId } };
    }
    case 'kick': {
      const m = matchKick(line);
      if (!m) return bad('KickPlayer line is not "Login = name, ..., Msg = text"');
      return { ok: true, event: { type: 'kick', timestamp: ts, frame, login: m.login, eosId: m.eosId, msg: m.msg } };
    }
    case 'mission': {
      const r = RESPAWN_RE.exec(line);
      if (r) {
        const name = r[1]!;
        return {
          ok: true,
          event: { type: 'missionRespawn', timestamp: ts, frame, name, place: missionPlaceName(name), seconds: Number(r[2]) },
        };
      }
      const m = MISSION_RE.exec(line);
      if (!m) {
        if (line.includes(' switched to ') || line.includes(' will respawn in ')) {
          return bad('mission line is not "Mission GA_x switched to STATE" / "will respawn in N"');
        }
        return null; // other mission chatter
      }
      const name = m[1]!;
      const state = m[2]!;
      return {
        ok: true,
        event: { type: 'mission', timestamp: ts, frame, name, state, place: missionPlaceName(name), available: state === 'READY' },
      };
    }
    case 'airdrop': {
      const m = AIRDROP_RE.exec(line);
      if (!m) {
        if (line.includes(' switched to')) return bad('AirDrop line is not "AirDrop switched to State"');
        return null;
      }
      return { ok: true, event: { type: 'airdrop', timestamp: ts, frame, state: m[1]! } };
    }
    case 'gameplay': {
      const m = gameplay;
      if (!m) {
        if (line.includes(' switched to')) return bad('GameplayEvent line is not "GameplayEvent name switched to STATE"');
        return null;
      }
      const kind = gameplayKindOf(m[1]!)!;
      return { ok: true, event: { type: 'gameplayEvent', timestamp: ts, frame, kind, name: m[1]!, state: m[2]! } };
    }
  }
}

/**
 * The events a Deadside.log line can carry (what parseServerLogLine returns). Types only, apart from the
 * parser, so the player counter and the ingest engine read them without the parser's matching code.
 */

export type GameplayEventKind = 'helicrash' | 'trader' | 'convoy';
export type MissionState = 'INITIAL' | 'WAITING' | 'READY' | 'IN_PROGRESS' | 'COMPLETED' | (string & {});
export type AirdropState = 'Flying' | 'Dropping' | 'Dead' | (string & {});

/** Fields of every line that starts `[YYYY.MM.DD-HH.MM.SS:mmm][frame]`. */
interface Stamped {
  /** Server time (UTC), millisecond precision. */
  timestamp: Date;
  /** Engine frame counter, null when the `[frame]` part is absent. */
  frame: number | null;
}

/** First line of a new log: `Log file open, MM/DD/YY HH:MM:SS`. */
export interface ServerStartEvent {
  type: 'serverStart';
  timestamp: Date;
  frame: null;
}
/** A command line carrying `-playersmaxcount=N` (usually unstamped, right after serverStart). */
export interface MaxPlayersEvent {
  type: 'maxPlayers';
  max: number;
  timestamp: Date | null;
  frame: number | null;
}
export interface QueuedEvent extends Stamped {
  type: 'queued';
  eosId: string;
  name: string;
  /** From `platformid=PS5:123...`, when present. */
  platform?: string;
  platformId?: string;
  world: number;
}
export interface JoinedEvent extends Stamped {
  type: 'joined';
  eosId: string;
}
export interface LeftEvent extends Stamped {
  type: 'left';
  eosId: string;
}
export interface ConnectionClosedEvent extends Stamped {
  type: 'connectionClosed';
  eosId: string;
}
export interface LoginEvent extends Stamped {
  type: 'login';
  name: string;
  eosId: string;
}
export interface KickEvent extends Stamped {
  type: 'kick';
  login: string;
  /** The id written after `Login = ...,` (labelled `SteamId` in real logs), when present. */
  eosId: string | null;
  msg: string;
}
export interface MissionEvent extends Stamped {
  type: 'mission';
  name: string;
  state: MissionState;
  /** Human place name, e.g. GA_Airport_... → Airfield. */
  place: string;
  /** state === 'READY'. */
  available: boolean;
}
export interface MissionRespawnEvent extends Stamped {
  type: 'missionRespawn';
  name: string;
  place: string;
  seconds: number;
}
export interface AirdropEvent extends Stamped {
  type: 'airdrop';
  state: AirdropState;
}
export interface GameplayEvent extends Stamped {
  type: 'gameplayEvent';
  kind: GameplayEventKind;
  name: string;
  state: string;
}

export type ServerLogEvent =
  | ServerStartEvent
  | MaxPlayersEvent
  | QueuedEvent
  | JoinedEvent
  | LeftEvent
  | ConnectionClosedEvent
  | LoginEvent
  | KickEvent
  | MissionEvent
  | MissionRespawnEvent
  | AirdropEvent
  | GameplayEvent;

export type ServerLogEventType = ServerLogEvent['type'];

/** `null`: not an event line (noise). */
export type ServerLogParseResult = { ok: true; event: ServerLogEvent } | { ok: false; reason: string } | null;

/**
 * The Steam server query's A2S_INFO messages (Valve's documented protocol): the request, and the two
 * replies a server sends to it: `0x41` (a challenge to append and send again) and `0x49` (the info).
 */

/** Every single-packet message starts with these four bytes; a split reply (`FE FF FF FF`) is refused. */
const SINGLE = 0xffffffff;
const INFO_REQUEST = Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff, 0x54]), Buffer.from('Source Engine Query\0', 'latin1')]);
/** The longest string field we keep (a server name is at most 63 bytes in the engine; the rest is cut). */
export const QUERY_MAX_FIELD_CHARS = 128;

export interface A2sInfo {
  protocol: number;
  name: string;
  map: string;
  folder: string;
  game: string;
  appId: number;
  players: number;
  maxPlayers: number;
  bots: number;
  version: string;
}

export type A2sReply = { kind: 'challenge'; challenge: Buffer } | { kind: 'info'; info: A2sInfo };

export class A2sMalformedError extends Error {
  constructor(why: string) {
    super(`malformed A2S reply: ${why}`);
    this.name = 'A2sMalformedError';
  }
}

/** The A2S_INFO request, with the server's challenge when it asked for one. */
export function infoRequest(challenge?: Buffer): Buffer {
  return challenge ? Buffer.concat([INFO_REQUEST, challenge]) : INFO_REQUEST;
}

/** Reads one reply packet; throws A2sMalformedError on anything but a challenge or an info reply. */
export function parseReply(packet: Buffer): A2sReply {
  if (packet.length < 5) throw new A2sMalformedError('too short');
  if (packet.readUInt32LE(0) !== SINGLE) throw new A2sMalformedError('not a single-packet reply');
  const header = packet[4];
  if (header === 0x41) {
    if (packet.length < 9) throw new A2sMalformedError('short challenge');
    return { kind: 'challenge', challenge: Buffer.from(packet.subarray(5, 9)) };
  }
  if (header === 0x49) return { kind: 'info', info: parseInfo(packet, 5) };
  throw new A2sMalformedError(`unexpected header 0x${(header ?? 0).toString(16)}`);
}

function parseInfo(packet: Buffer, start: number): A2sInfo {
  let at = start;
  const byte = (): number => {
    if (at >= packet.length) throw new A2sMalformedError('truncated');
    return packet[at++]!;
  };
  const string = (): string => {
    const end = packet.indexOf(0, at);
    if (end < 0) throw new A2sMalformedError('unterminated string');
    const value = packet.toString('utf8', at, end).slice(0, QUERY_MAX_FIELD_CHARS);
    at = end + 1;
    return value;
  };
  const protocol = byte();
  const name = string();
  const map = string();
  const folder = string();
  const game = string();
  if (at + 2 > packet.length) throw new A2sMalformedError('truncated');
  const appId = packet.readUInt16LE(at);
  at += 2;
  const players = byte();
  const maxPlayers = byte();
  const bots = byte();
  at += 4; // server type, environment, visibility, VAC: not shown
  if (at > packet.length) throw new A2sMalformedError('truncated');
  // The Ship (app 2400) has three more bytes here; no Deadside server is one, so they are not read.
  const version = at < packet.length ? string() : '';
  return { protocol, name, map, folder, game, appId, players, maxPlayers, bots, version };
}

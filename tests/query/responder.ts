/**
 * A Steam server query (A2S_INFO) responder on loopback, speaking Valve's documented protocol: a request
 * without the current challenge gets `0x41` + a 4-byte challenge; with it, the `0x49` info reply. It can be
 * stopped and started again on the same port (a server going down and coming back).
 */
import { createSocket, type Socket } from 'node:dgram';

export interface ResponderInfo {
  name: string;
  map: string;
  players: number;
  maxPlayers: number;
  version: string;
}

const PREFIX = Buffer.from([0xff, 0xff, 0xff, 0xff]);
const REQUEST = Buffer.concat([PREFIX, Buffer.from('TSource Engine Query\0', 'latin1')]);
const cstr = (s: string) => Buffer.from(`${s}\0`, 'utf8');

export function infoPacket(info: ResponderInfo): Buffer {
  const id = Buffer.alloc(2);
  id.writeUInt16LE(0);
  return Buffer.concat([
    PREFIX,
    Buffer.from([0x49, 17]),
    cstr(info.name),
    cstr(info.map),
    cstr('deadside'),
    cstr('Deadside'),
    id,
    Buffer.from([info.players, info.maxPlayers, 0, 0x64, 0x77, 0x00, 0x01]),
    cstr(info.version),
    Buffer.from([0x80, 0x87, 0x69]), // EDF: the game port (ignored by the client)
  ]);
}

export class A2sResponder {
  private socket: Socket | null = null;
  port = 0;
  /** Requests received, and those that carried the right challenge. */
  requests = 0;
  answered = 0;
  challenge = Buffer.from([0x12, 0x34, 0x56, 0x78]);

  constructor(public info: ResponderInfo) {}

  /** Listens on 127.0.0.1 (the same port again after a stop). */
  async start(): Promise<this> {
    if (this.socket) return this;
    const socket = createSocket('udp4');
    socket.on('message', (packet, from) => {
      if (packet.length < REQUEST.length || !packet.subarray(0, REQUEST.length).equals(REQUEST)) return;
      this.requests++;
      const sent = packet.subarray(REQUEST.length);
      const reply = sent.equals(this.challenge) ? infoPacket(this.info) : Buffer.concat([PREFIX, Buffer.from([0x41]), this.challenge]);
      if (sent.equals(this.challenge)) this.answered++;
      socket.send(reply, from.port, from.address);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.port, '127.0.0.1', () => resolve());
    });
    this.port = socket.address().port;
    this.socket = socket;
    return this;
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}

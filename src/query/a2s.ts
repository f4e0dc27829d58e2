/**
 * A small Steam server query (A2S_INFO) client over UDP: asks, answers a challenge (at most twice),
 * and reads the info reply. It is given an address already resolved and checked (src/sftp/hostGuard.ts):
 * it never resolves a name itself. The whole exchange is bounded in time and in reply size.
 */
import { createSocket } from 'node:dgram';
import { infoRequest, parseReply, type A2sInfo } from './a2sInfo.js';

export type { A2sInfo } from './a2sInfo.js';
export { A2sMalformedError } from './a2sInfo.js';

/** One query (challenge round included) gives up after this long: a server that answers at all does in ms. */
export const QUERY_TIMEOUT_MS = 1_500;
/** A reply packet longer than this is refused (a single-packet A2S reply is at most 1,400 bytes). */
export const QUERY_MAX_REPLY_BYTES = 1_400;
/** Challenges answered per query at most: a server that keeps asking is not answering. */
export const QUERY_MAX_CHALLENGES = 2;

export interface QueryTarget {
  address: string;
  family: 4 | 6;
  port: number;
}

export class A2sTimeoutError extends Error {
  constructor() {
    super('no A2S answer in time');
    this.name = 'A2sTimeoutError';
  }
}

/** Asks one server for its info; rejects with A2sTimeoutError or A2sMalformedError. */
export function queryInfo(target: QueryTarget, timeoutMs = QUERY_TIMEOUT_MS): Promise<A2sInfo> {
  return new Promise<A2sInfo>((resolve, reject) => {
    const socket = createSocket(target.family === 6 ? 'udp6' : 'udp4');
    let challenges = 0;
    let done = false;
    const finish = (err: Error | null, info?: A2sInfo) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      if (err) reject(err);
      else resolve(info!);
    };
    const timer = setTimeout(() => finish(new A2sTimeoutError()), timeoutMs);
    const send = (packet: Buffer) => socket.send(packet, target.port, target.address, (err) => err && finish(err));
    socket.on('error', (err) => finish(err));
    socket.on('message', (packet, from) => {
      // Only the asked address and port may answer; anything else on this socket is ignored.
      if (from.address !== target.address || from.port !== target.port) return;
      if (packet.length > QUERY_MAX_REPLY_BYTES) return finish(new Error(`A2S reply over ${QUERY_MAX_REPLY_BYTES} bytes`));
      try {
        const reply = parseReply(packet);
        if (reply.kind === 'info') return finish(null, reply.info);
        if (++challenges > QUERY_MAX_CHALLENGES) return finish(new Error('A2S server kept sending challenges'));
        send(infoRequest(reply.challenge));
      } catch (err) {
        finish(err as Error);
      }
    });
    send(infoRequest());
  });
}

/**
 * A loopback TCP proxy in front of a MongoDB that counts the client→server wire messages by command name:
 * MongoDB round trips of a whole process (e.g. the real bot started with its MONGODB_URI pointed here),
 * where the driver's command monitoring (`monitorCommands`) is out of reach.
 *
 * Parses the 16-byte message header (int32 messageLength, requestID, responseTo, opCode) and:
 * - OP_MSG (2013): flagBits, then sections; the kind 0 section's document's first key is the command name;
 * - OP_QUERY (2004): the legacy handshake (`isMaster`/`hello` on `admin.$cmd`), the query's first key
 *   (or the first key inside `$query`);
 * - OP_COMPRESSED (2012): the original message, when the compressor is `noop` or `zlib` (snappy/zstd are
 *   counted as `compressed`);
 * - anything else is counted as `op<code>`.
 * Messages split across TCP chunks and several messages in one chunk are both handled; only the first bytes
 * of each message are buffered, the rest is passed through and skipped, so large inserts cost nothing extra.
 *
 * Server→client traffic is passed through untouched. Plain TCP only (no TLS).
 */
import net from 'node:net';
import { inflateSync } from 'node:zlib';

export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

/** Commands the driver sends on its own to monitor the server (not work the application asked for). */
export const HEARTBEAT_COMMANDS: readonly string[] = ['hello', 'isMaster', 'ismaster'];

export interface MongoWireCounter {
  /** The target URI with host:port replaced by the proxy's (database name and options kept, `directConnection=true`). */
  uri: string;
  /** Client→server messages counted since start (or the last reset). */
  total(): number;
  /** The same, by command name (`find`, `insert`, `hello`, `isMaster`, …). */
  byCommand(): Record<string, number>;
  /** total() without the driver's heartbeats (HEARTBEAT_COMMANDS). */
  totalExcludingHeartbeats(): number;
  /** TCP connections the clients opened through the proxy since start (not reset). */
  connectionsOpened(): number;
  reset(): void;
  stop(): Promise<void>;
}

/** Largest message MongoDB accepts is 48 MB; anything far beyond means we lost the framing. */
const MAX_MESSAGE = 64 * 1024 * 1024;
/** Bytes of a message read before giving up on finding the command name in its head. */
const PEEK = 16 + 4 + 1 + 1024;

type Parsed = { name: string } | { needMore: true };

/** The first key of the BSON document at `off`, or needMore when the buffer ends first. */
function firstKey(buf: Buffer, off: number, end: number): Parsed | { name: string; type: number; valueOff: number } {
  if (off + 5 > end) return { needMore: true };
  const type = buf[off + 4]!;
  if (type === 0) return { name: '' };
  const keyStart = off + 5;
  const nul = buf.indexOf(0, keyStart);
  if (nul < 0 || nul >= end) return { needMore: true };
  return { name: buf.toString('utf8', keyStart, nul), type, valueOff: nul + 1 };
}

function opMsgName(buf: Buffer, end: number): Parsed {
  let off = 20; // header + flagBits
  while (off < end) {
    const kind = buf[off]!;
    off += 1;
    if (kind === 0) {
      const k = firstKey(buf, off, end);
      return 'needMore' in k ? k : { name: k.name };
    }
    if (kind === 1) {
      if (off + 4 > end) return { needMore: true };
      off += buf.readInt32LE(off);
      continue;
    }
    return { name: `opMsgSection${kind}` };
  }
  return { needMore: true };
}

function opQueryName(buf: Buffer, end: number): Parsed {
  const nul = buf.indexOf(0, 20);
  if (nul < 0 || nul >= end) return { needMore: true };
  const docOff = nul + 1 + 8;
  const k = firstKey(buf, docOff, end);
  if ('needMore' in k) return k;
  if (k.name === '$query' && 'type' in k && k.type === 3) {
    const inner = firstKey(buf, k.valueOff, end);
    return 'needMore' in inner ? inner : { name: inner.name };
  }
  return { name: k.name };
}

/** The command name of one message whose first `end` bytes are in `buf` (end = messageLength when whole). */
function messageName(buf: Buffer, end: number, messageLength: number): Parsed {
  const opCode = buf.readInt32LE(12);
  if (opCode === OP_MSG) return opMsgName(buf, end);
  if (opCode === OP_QUERY) return opQueryName(buf, end);
  if (opCode === OP_COMPRESSED) {
    if (end < messageLength) return { needMore: true };
    const originalOpcode = buf.readInt32LE(16);
    const compressor = buf[24]!;
    let body: Buffer;
    try {
      if (compressor === 0) body = buf.subarray(25, messageLength);
      else if (compressor === 2) body = inflateSync(buf.subarray(25, messageLength));
      else return { name: 'compressed' };
    } catch {
      return { name: 'compressed' };
    }
    const header = Buffer.alloc(16);
    header.writeInt32LE(16 + body.length, 0);
    header.writeInt32LE(originalOpcode, 12);
    const inner = Buffer.concat([header, body]);
    const parsed = messageName(inner, inner.length, inner.length);
    return 'needMore' in parsed ? { name: 'compressed' } : parsed;
  }
  return { name: `op${opCode}` };
}

/**
 * Frames one direction of a MongoDB wire stream and reports each message's opCode and command name.
 * Exported for tests; startMongoWireCounter uses one per client connection.
 */
export function createWireParser(onMessage: (name: string, opCode: number) => void): { push(chunk: Buffer): void } {
  let head: Buffer = Buffer.alloc(0); // first bytes of the current message, not yet reported
  let skip = 0; // bytes of an already reported message still to pass by
  let broken = false;
  return {
    push(chunk: Buffer) {
      let off = 0;
      while (!broken && off < chunk.length) {
        if (skip > 0) {
          const n = Math.min(skip, chunk.length - off);
          skip -= n;
          off += n;
          continue;
        }
        // How many bytes of this message to hold before naming it.
        let want = 16;
        let messageLength = 0;
        if (head.length >= 4) {
          messageLength = head.readInt32LE(0);
          if (messageLength < 16 || messageLength > MAX_MESSAGE) {
            broken = true;
            onMessage('unparsable', -1);
            return;
          }
          want = Math.min(messageLength, PEEK);
          if (head.length >= want && want < messageLength) want = messageLength; // name not in the peek
        }
        if (head.length < want) {
          const n = Math.min(want - head.length, chunk.length - off);
          head = head.length === 0 ? Buffer.from(chunk.subarray(off, off + n)) : Buffer.concat([head, chunk.subarray(off, off + n)]);
          off += n;
          if (head.length < want) break;
          if (want === 16) continue; // header complete: now size the peek
        }
        const parsed = messageName(head, head.length, messageLength);
        if ('needMore' in parsed && head.length < messageLength) continue; // grow to the whole message
        onMessage('needMore' in parsed ? 'unparsable' : parsed.name, head.readInt32LE(12));
        skip = messageLength - head.length;
        head = Buffer.alloc(0);
      }
    },
  };
}

/** The URI's parts: `mongodb://[auth@]host[:port][,host…][/db][?options]`. */
function rewriteUri(targetUri: string, proxyPort: number): { uri: string; host: string; port: number } {
  const m = /^mongodb:\/\/(?:([^@/]*)@)?([^/?]+)(\/[^?]*)?(?:\?(.*))?$/.exec(targetUri);
  if (!m) throw new Error(`startMongoWireCounter: not a mongodb:// URI (mongodb+srv is not supported): ${targetUri.replace(/\/\/[^@/]*@/, '//***@')}`);
  const [, auth, hosts, path, query] = m;
  const first = hosts!.split(',')[0]!;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(first);
  const host = v6 ? v6[1]! : first.split(':')[0]!;
  const portText = v6 ? v6[2] : first.split(':')[1];
  const port = portText ? Number(portText) : 27017;
  const params = new URLSearchParams(query ?? '');
  for (const key of [...params.keys()]) {
    if (/^(tls|ssl)$/i.test(key) && params.get(key) === 'true') throw new Error('startMongoWireCounter: TLS connections cannot be counted');
  }
  for (const key of [...params.keys()]) if (key.toLowerCase() === 'directconnection') params.delete(key);
  params.set('directConnection', 'true');
  const uri = `mongodb://${auth !== undefined ? `${auth}@` : ''}127.0.0.1:${proxyPort}${path ?? '/'}?${params.toString()}`;
  return { uri, host, port };
}

export async function startMongoWireCounter(targetUri: string): Promise<MongoWireCounter> {
  let counts = new Map<string, number>();
  let total = 0;
  let opened = 0;
  const open = new Set<net.Socket>();
  const target = { host: '127.0.0.1', port: 0 };

  const server = net.createServer((client) => {
    opened += 1;
    const upstream = net.connect(target.port, target.host);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    const parser = createWireParser((name) => {
      total += 1;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    });
    client.on('data', (chunk: Buffer) => parser.push(chunk));
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  let rewritten: ReturnType<typeof rewriteUri>;
  try {
    rewritten = rewriteUri(targetUri, port);
  } catch (err) {
    server.close();
    throw err;
  }
  target.host = rewritten.host;
  target.port = rewritten.port;

  return {
    uri: rewritten.uri,
    total: () => total,
    byCommand: () => Object.fromEntries(counts),
    totalExcludingHeartbeats() {
      let n = total;
      for (const name of HEARTBEAT_COMMANDS) n -= counts.get(name) ?? 0;
      return n;
    },
    connectionsOpened: () => opened,
    reset() {
      counts = new Map();
      total = 0;
    },
    stop() {
      for (const s of open) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A loopback proxy in front of MongoDB that records every command a process sends, with its collection and
 * time: what a bench needs to say which writes the real bot made while it was idle, and to what
 * (tests/support/mongoWire.ts counts round trips by name only). Point the bot's MONGODB_URI at `uri`.
 *
 * Only OP_MSG is named (the driver sends nothing else after the handshake, and uses no compression unless
 * told to): its kind 0 section's first key is the command, that key's value the collection; the string
 * `_id`s a write names and a find's `channelId` are kept too (when an outbox message was written, when the
 * sender asked for a channel's messages). A message is held until it is complete (a bench's batches are
 * small), then parsed; the bytes go through unchanged.
 */
import net from 'node:net';
import { BSON } from 'mongodb';

const OP_MSG = 2013;

/** The commands that change data. */
export const WRITE_COMMANDS: ReadonlySet<string> = new Set(['insert', 'update', 'delete', 'findAndModify', 'bulkWrite']);

export interface SentCommand {
  name: string;
  /** The collection (the command's value when a string; '' otherwise, e.g. `hello`). */
  collection: string;
  /** String `_id`s a write names; the `channelId` a find or aggregate filters on. */
  keys: string[];
  at: number;
  /** When its answer came back (Date.now()); unset while it is running. */
  doneAt?: number;
}

export interface MongoCommandLog {
  uri: string;
  readonly commands: readonly SentCommand[];
  /** Write commands sent in [from, to). */
  writes(from: number, to: number): SentCommand[];
  stop(): Promise<void>;
}

/** String `_id`s a write names (`updates[].q._id`, `documents[]._id`, `deletes[].q._id`), and a find's `filter.channelId`. */
function keysOf(name: string, doc: Record<string, unknown>, seqs: Map<string, Record<string, unknown>[]>): string[] {
  const list = (field: string) => [...((doc[field] as Record<string, unknown>[] | undefined) ?? []), ...(seqs.get(field) ?? [])];
  const str = (v: unknown) => (typeof v === 'string' ? [v] : []);
  if (name === 'update' || name === 'delete') return list(name === 'update' ? 'updates' : 'deletes').flatMap((u) => str((u.q as Record<string, unknown> | undefined)?._id));
  if (name === 'insert') return list('documents').flatMap((d) => str(d._id));
  if (name === 'find' || name === 'aggregate') return str((doc.filter as Record<string, unknown> | undefined)?.channelId);
  return [];
}

function parse(msg: Buffer): { name: string; collection: string; keys: string[] } | null {
  if (msg.readInt32LE(12) !== OP_MSG) return null;
  let off = 20; // header (16) + flagBits (4)
  let body: Record<string, unknown> | null = null;
  const seqs = new Map<string, Record<string, unknown>[]>();
  while (off < msg.length - (msg.readInt32LE(16) & 1 ? 4 : 0)) {
    const kind = msg[off]!;
    off += 1;
    const len = msg.readInt32LE(off);
    if (kind === 0) body = BSON.deserialize(msg.subarray(off, off + len));
    else {
      // A document sequence: its size, a cstring name, then documents up to the size.
      const end = off + len;
      const nameEnd = msg.indexOf(0, off + 4);
      const field = msg.toString('utf8', off + 4, nameEnd);
      const docs: Record<string, unknown>[] = [];
      for (let at = nameEnd + 1; at < end; at += msg.readInt32LE(at)) docs.push(BSON.deserialize(msg.subarray(at, at + msg.readInt32LE(at))));
      seqs.set(field, docs);
    }
    off += len;
  }
  if (!body) return null;
  const name = Object.keys(body)[0] ?? 'unknown';
  const value = body[name];
  return { name, collection: typeof value === 'string' ? value : '', keys: keysOf(name, body, seqs) };
}

export async function startMongoCommandLog(targetUri: string): Promise<MongoCommandLog> {
  const target = new URL(targetUri);
  const commands: SentCommand[] = [];
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 27017), target.hostname);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    // Requests by requestID, until their answer (responseTo) comes back.
    const running = new Map<number, SentCommand>();
    let held: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      held = held.length ? Buffer.concat([held, chunk]) : chunk;
      while (held.length >= 16 && held.length >= held.readInt32LE(0)) {
        const len = held.readInt32LE(0);
        let c: SentCommand;
        try {
          const p = parse(held.subarray(0, len));
          c = { ...(p ?? { name: `op${held.readInt32LE(12)}`, collection: '', keys: [] }), at: Date.now() };
        } catch {
          c = { name: 'unparsable', collection: '', keys: [], at: Date.now() };
        }
        commands.push(c);
        running.set(held.readInt32LE(4), c);
        held = held.subarray(len);
      }
    });
    // Answers: only their headers are read (a find's answer can be large), the rest skipped.
    let head: Buffer = Buffer.alloc(0);
    let skip = 0;
    upstream.on('data', (chunk: Buffer) => {
      let off = 0;
      while (off < chunk.length) {
        if (skip > 0) {
          const n = Math.min(skip, chunk.length - off);
          skip -= n;
          off += n;
          continue;
        }
        const n = Math.min(16 - head.length, chunk.length - off);
        head = Buffer.concat([head, chunk.subarray(off, off + n)]);
        off += n;
        if (head.length < 16) break;
        const c = running.get(head.readInt32LE(8));
        if (c) {
          c.doneAt = Date.now();
          running.delete(head.readInt32LE(8));
        }
        skip = head.readInt32LE(0) - 16;
        head = Buffer.alloc(0);
      }
    });
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(targetUri);
  url.host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  url.searchParams.set('directConnection', 'true');
  return {
    uri: url.toString(),
    commands,
    writes: (from, to) => commands.filter((c) => WRITE_COMMANDS.has(c.name) && c.at >= from && c.at < to),
    stop() {
      for (const s of open) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

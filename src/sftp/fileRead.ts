import type { SFTPWrapper } from 'ssh2';
import { FX_EOF, closeHandle, sftpStatus, type Channel } from './channel.js';

export interface ReadFromOptions {
  /** Most bytes to return (default 16 MiB). */
  maxBytes?: number;
  /** Bytes per SFTP read request (default 128 KiB, capped at the server's read limit). */
  chunkSize?: number;
  /** Read requests in flight on the handle (default: 2 MiB worth, 4–64). */
  concurrency?: number;
  /**
   * Also read the file's first `headBytes` bytes (its identity, for rotation checks) on the same handle,
   * in the same round of requests: `head` in the result.
   */
  headBytes?: number;
}

export interface ReadFromResult {
  data: Buffer;
  /** File size when the read started. */
  size: number;
  /** Offset to read from next time (offset + data.length). */
  nextOffset: number;
  /** The file is shorter than the requested offset (rotated or truncated). */
  truncated: boolean;
  /** True when data reaches the end of the file (as sized at the start). */
  eof: boolean;
  /** The first `headBytes` bytes, when asked for. */
  head?: Buffer;
}

export const DEFAULT_MAX_READ_BYTES = 16 * 1024 * 1024;
/** Bytes per READ request and bytes kept in flight (ssh2's channel window is 2 MiB). */
const DEFAULT_CHUNK = 128 * 1024;
const IN_FLIGHT_BYTES = 2 * 1024 * 1024;
const MAX_HEAD_BYTES = 64 * 1024;

/**
 * Reads [offset, offset+maxBytes) with parallel ranged reads on one open handle: up to `concurrency`
 * READ requests of `chunkSize` bytes in flight, written straight into their place in one buffer (so the
 * result is in order). The file is sized once (fstat) at the start: bytes appended while reading are
 * left for the next call. Runs inside SftpConnection.op; `offset` is already checked.
 */
export async function readFileFrom(ch: Channel, p: string, offset: number, options: ReadFromOptions = {}): Promise<ReadFromResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
  const headBytes = Math.max(0, Math.min(options.headBytes ?? 0, MAX_HEAD_BYTES));
  const { sftp } = ch;
  // ssh2 splits a READ larger than the server's limit into sequential follow-ups, which would
  // serialise the transfer: keep each request within the limit (256 KiB on OpenSSH, ~34 KB
  // on others) and keep about one channel window (2 MiB) of requests in flight.
  const serverMax = (sftp as unknown as { _maxReadLen?: number })._maxReadLen ?? 32 * 1024;
  const chunkSize = Math.min(Math.max(1024, options.chunkSize ?? DEFAULT_CHUNK), serverMax);
  const concurrency = Math.max(1, options.concurrency ?? Math.min(64, Math.max(4, Math.ceil(IN_FLIGHT_BYTES / chunkSize))));
  ch.sent();
  const handle = await new Promise<Buffer>((resolve, reject) => sftp.open(p, 'r', (err, h) => (err ? reject(err) : resolve(h))));
  try {
    // The size and the head are asked for together: one round of requests.
    ch.sent(headBytes > 0 ? 2 : 1);
    const [st, head] = await Promise.all([
      new Promise<{ size: number }>((resolve, reject) => sftp.fstat(handle, (err, s) => (err ? reject(err) : resolve(s)))),
      headBytes > 0 ? readHead(sftp, handle, headBytes) : undefined,
    ]);
    const size = st.size;
    const withHead = head ? { head } : {};
    if (offset > size) return { data: Buffer.alloc(0), size, nextOffset: offset, truncated: true, eof: true, ...withHead };
    const total = Math.min(size, offset + maxBytes) - offset;
    if (total === 0) return { data: Buffer.alloc(0), size, nextOffset: offset, truncated: false, eof: true, ...withHead };
    const data = await readChunks(ch, handle, offset, total, chunkSize, concurrency);
    return { data, size, nextOffset: offset + data.length, truncated: false, eof: offset + data.length >= size, ...withHead };
  } finally {
    closeHandle(ch, handle);
  }
}

/**
 * `total` bytes from `offset` of an open handle, `concurrency` requests in flight. Shorter when the
 * file turns out to end early (EOF before the fstat size): the data up to the lowest such point.
 */
function readChunks(ch: Channel, handle: Buffer, offset: number, total: number, chunkSize: number, concurrency: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(total);
  let shortAt = total;
  return new Promise<Buffer>((resolve, reject) => {
    let next = 0; // next relative position to request
    let inFlight = 0;
    let failed = false;
    const pump = () => {
      if (failed) return;
      while (inFlight < concurrency && next < Math.min(total, shortAt)) {
        const pos = next;
        const len = Math.min(chunkSize, total - pos);
        next += len;
        readChunk(pos, len);
      }
      if (inFlight === 0) resolve(shortAt < total ? buf.subarray(0, shortAt) : buf);
    };
    const readChunk = (pos: number, len: number) => {
      inFlight++;
      ch.sent();
      ch.sftp.read(handle, buf, pos, len, offset + pos, (err, nb) => {
        inFlight--;
        if (failed) return;
        if (err) {
          failed = true;
          reject(err);
          return;
        }
        if (nb === 0) {
          shortAt = Math.min(shortAt, pos);
        } else if (nb < len) {
          // Short read (server limit or file shrank): ask for the rest of this chunk.
          readChunk(pos + nb, len - nb);
          return;
        }
        pump();
      });
    };
    pump();
  });
}

/** Up to `n` bytes from offset 0 of an open handle (fewer when the file is shorter). */
function readHead(sftp: SFTPWrapper, handle: Buffer, n: number): Promise<Buffer> {
  const buf = Buffer.alloc(n);
  return new Promise((resolve, reject) =>
    sftp.read(handle, buf, 0, n, 0, (err, nb) => {
      // An empty file answers EOF.
      if (err && sftpStatus(err) === FX_EOF) resolve(buf.subarray(0, 0));
      else if (err) reject(err);
      else resolve(buf.subarray(0, nb));
    }),
  );
}

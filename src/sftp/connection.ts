import type SftpClient from 'ssh2-sftp-client';
import type { SFTPWrapper } from 'ssh2';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import { FX_NO_SUCH_FILE, destroyClient, rawSftp, sftpStatus, type Channel, type SftpCounters } from './channel.js';
import { connectClient, type ConnectOptions, type SftpServerConfig } from './connect.js';
import { modeType, type RemoteStat } from './entries.js';
import { classifySshError, timeoutError, toUserError } from './errors.js';
import { DEFAULT_MAX_READ_BYTES, readFileFrom, type ReadFromOptions, type ReadFromResult } from './fileRead.js';
import { InsideCheck } from './insideCheck.js';
import { listFolder, type ListOptions, type RemoteListing } from './listing.js';

let nextId = 1;

/**
 * One SSH connection with its SFTP channel. Every operation has a timeout; any connection-level
 * error marks the connection broken (the pool then destroys it instead of reusing it). What the
 * operations do lives beside it (listing.ts, fileRead.ts, insideCheck.ts); this class owns the state.
 */
export class SftpConnection {
  readonly id = nextId++;
  readonly createdAt = Date.now();
  lastUsedAt = Date.now();
  broken = false;
  brokenReason: string | undefined;
  fingerprint: string | undefined;
  private closed = false;
  private readonly inside = new InsideCheck((p) => this.realPath(p));

  private constructor(
    readonly config: SftpServerConfig,
    readonly client: SftpClient,
    private readonly opTimeoutMs: number,
    private readonly counters: SftpCounters = { requests: 0 },
  ) {}

  /** Opens a connection (see connectClient: the host-key check, and how failures read). */
  static async open(config: SftpServerConfig, opts: ConnectOptions = {}): Promise<SftpConnection> {
    const started = Date.now();
    // Events that break the connection can come from the moment the client exists; they count once it is ours.
    const ref: { conn?: SftpConnection } = {};
    const { client, fingerprint } = await connectClient(config, opts, (reason) => {
      if (ref.conn) {
        ref.conn.broken = true;
        ref.conn.brokenReason ??= reason;
      }
    });
    const conn = (ref.conn = new SftpConnection(config, client, opts.opTimeoutMs ?? 20_000, opts.counters));
    conn.fingerprint = fingerprint;
    opts.logger?.debug({ serverId: config.serverId, conn: conn.id, ms: Date.now() - started }, 'sftp connected');
    return conn;
  }

  get alive(): boolean {
    return !this.broken && !this.closed && rawSftp(this.client) !== undefined;
  }

  private get sftp(): SFTPWrapper {
    const s = rawSftp(this.client);
    if (!s || this.broken) {
      throw Object.assign(new Error('No SFTP connection (connection lost)'), { code: 'ECONNRESET' });
    }
    return s;
  }

  /** The channel for one operation (inside `op`: a lost channel throws there and marks the connection broken). */
  private channel(): Channel {
    const counters = this.counters;
    return { sftp: this.sftp, sent: (n = 1) => void (counters.requests += n) };
  }

  /** Runs one remote operation with a timeout; connection-level failures mark the connection broken. */
  async op<T>(what: string, fn: () => Promise<T>, timeoutMs = this.opTimeoutMs): Promise<T> {
    this.lastUsedAt = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        fn(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            this.broken = true;
            this.brokenReason ??= `${what} timeout`;
            reject(timeoutError(what, timeoutMs));
          }, timeoutMs);
        }),
      ]);
    } catch (err) {
      const kind = classifySshError(err);
      if (kind !== 'not_found' && kind !== 'permission' && kind !== 'user') {
        this.broken = true;
        this.brokenReason ??= `${what}: ${(err as Error)?.message}`;
      }
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
      this.lastUsedAt = Date.now();
    }
  }

  /** Server-side canonical path; '' when it does not exist. */
  realPath(p: string): Promise<string> {
    return this.op('realpath', async () => {
      try {
        const ch = this.channel();
        ch.sent();
        return await new Promise<string>((resolve, reject) => ch.sftp.realpath(p, (err, abs) => (err ? reject(err) : resolve(abs))));
      } catch (err) {
        if (sftpStatus(err) === FX_NO_SUCH_FILE) return '';
        throw err;
      }
    });
  }

  /** A folder's entries, bounded (see ListOptions and listing.ts). */
  list(dir: string, opts: ListOptions = {}): Promise<RemoteListing> {
    return this.op('list', async () => listFolder(this.channel(), dir, opts));
  }

  /**
   * Refuses `absPath` (already lexically inside `root`) when the server's realpath of it lies
   * outside the root (a symlink escape). Verdicts are reused for INSIDE_CHECK_TTL_MS on this
   * connection, so hot paths (the poller's stat/readFrom/list) pay one realpath per path per TTL.
   */
  assertInside(root: string, absPath: string): Promise<void> {
    return this.inside.assert(root, absPath);
  }

  stat(p: string): Promise<RemoteStat> {
    return this.op('stat', async () => {
      const ch = this.channel();
      ch.sent();
      const st = await new Promise<{ mode: number; size: number; mtime: number }>((resolve, reject) =>
        ch.sftp.stat(p, (err, s) => (err ? reject(err) : resolve(s))),
      );
      return { type: modeType(st.mode), size: st.size, modifiedAt: new Date(st.mtime * 1000) };
    });
  }

  /** Parallel ranged read of [offset, offset+maxBytes) (see fileRead.ts). */
  readFrom(p: string, offset: number, options: ReadFromOptions = {}): Promise<ReadFromResult> {
    if (!Number.isSafeInteger(offset) || offset < 0) throw new UserError(msg('sftp.read.badOffset'), 'validation');
    // Large reads get more time: at least the op timeout, plus 1 s per MiB.
    const timeoutMs = this.opTimeoutMs + Math.ceil((options.maxBytes ?? DEFAULT_MAX_READ_BYTES) / (1024 * 1024)) * 1000;
    return this.op('readFrom', async () => readFileFrom(this.channel(), p, offset, options), timeoutMs);
  }

  /** Streaming read (sequential; the benchmark's comparison); the caller must consume or destroy the stream. */
  createReadStream(p: string, start = 0, end?: number): NodeJS.ReadableStream {
    return this.sftp.createReadStream(p, { start, ...(end !== undefined ? { end: end - 1 } : {}) });
  }

  /** ssh2-sftp-client's fastGet (used by the benchmark for comparison). */
  fastGet(remote: string, local: string): Promise<string> {
    return this.op('fastGet', () => this.client.fastGet(remote, local), this.opTimeoutMs * 10);
  }

  /**
   * Closes the connection: end() with a timeout (ssh2-sftp-client's end() can hang after
   * ECONNRESET), then destroys the socket regardless.
   */
  async close(timeoutMs = 2000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.broken = true;
    this.brokenReason ??= 'closed';
    if (rawSftp(this.client)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.client.end().catch(() => undefined),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      if (timer) clearTimeout(timer);
    }
    destroyClient(this.client);
  }
}

// The names this module has always exported: src/, tests and benches import them from here.
export type { ConnectOptions, SftpServerConfig } from './connect.js';
export type { SftpCounters } from './channel.js';
export { fingerprintSha256, normalizeFingerprint, LEGACY_ALGORITHMS } from './hostKey.js';
export { readHostKey } from './keyProbe.js';
export { MAX_LIST_ENTRIES, MAX_NAME_LENGTH, MAX_SCAN_ENTRIES, type ListOptions, type RemoteListing } from './listing.js';
export type { RemoteEntry, RemoteStat } from './entries.js';
export type { ReadFromOptions, ReadFromResult } from './fileRead.js';
export { INSIDE_CHECK_TTL_MS } from './insideCheck.js';
export { toUserError };

import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import SftpClient from 'ssh2-sftp-client';
import { Client, type Algorithms, type FileEntry, type SFTPWrapper } from 'ssh2';
import type { Logger } from '../logger.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import { HostKeyMismatchError, classifySshError, preHandshakeError, toUserError } from './errors.js';
import { assertRealPathInside } from './paths.js';

/** What the bot knows about one game server's SFTP access (credentials already decrypted). */
export interface SftpServerConfig {
  serverId: string;
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  /** Root folder of the server's files on the host ("/" when unset). */
  root?: string;
  /** Pinned host key fingerprint (`SHA256:...`). Unset: trust on first use. */
  hostKeyFingerprint?: string;
  /** Offer legacy algorithms (dh-group14-sha1, ssh-rsa, aes-cbc, hmac-sha1) in addition to ssh2's defaults. */
  legacyAlgorithms?: boolean;
}

export interface ConnectOptions {
  /** Address to connect to (already resolved and guarded); defaults to config.host. */
  address?: string;
  connectTimeoutMs?: number;
  opTimeoutMs?: number;
  logger?: Logger;
  /** Called with the presented fingerprint; TOFU callers record it here. */
  onFingerprint?: (fingerprint: string) => void;
  /** Counts the SFTP requests this connection sends. */
  counters?: SftpCounters;
}

export interface RemoteEntry {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
  modifiedAt: Date;
  /** The server's name was longer than MAX_NAME_LENGTH and `name` holds its start only. */
  nameTruncated?: true;
}

/**
 * Most entries one listing keeps, and longest name kept: a hostile or broken server must not make
 * the bot hold an unbounded folder in memory or render it.
 */
export const MAX_LIST_ENTRIES = 10_000;
export const MAX_NAME_LENGTH = 255;

/**
 * Most entries a ranked listing reads from one folder before it stops (`incomplete`): a folder of a
 * million files costs at most this many entries of transfer and parsing, however the host orders them.
 */
export const MAX_SCAN_ENTRIES = 50_000;

/**
 * A folder listing, sorted by name (ranked: by rank, highest first). `truncated`: the folder had more
 * (matching) entries than were kept; `matched`: how many matched, of those read; `incomplete`: reading
 * stopped early (deadline or MAX_SCAN_ENTRIES), so `matched` counts only what was read.
 */
export type RemoteListing = RemoteEntry[] & { truncated: boolean; matched?: number; incomplete?: boolean };

export interface ListOptions {
  maxEntries?: number;
  maxNameLength?: number;
  /**
   * Keep the `maxEntries` entries of highest rank (null: not wanted) instead of the first ones in the
   * host's order: the whole folder is read (up to MAX_SCAN_ENTRIES) holding at most 2 × maxEntries.
   */
  rank?: (name: string, type: RemoteEntry['type']) => number | null;
  /** Ranked listings: stop reading at this time (Date.now() ms) and return what was read. */
  deadline?: number;
  maxScan?: number;
}

/**
 * How long a "this path's realpath is inside the root" verdict is reused on one connection: the
 * poller checks the same few files every few seconds, so it pays one SFTP realpath per file per five
 * minutes (sent alongside the request it guards), while a symlink swapped in later is caught within this time.
 */
export const INSIDE_CHECK_TTL_MS = 5 * 60_000;
const INSIDE_CACHE_MAX = 1024;

export interface RemoteStat {
  type: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
  modifiedAt: Date;
}

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

/** SFTP requests sent, across the connections sharing this object (a pool's; shown in /metrics). */
export interface SftpCounters {
  requests: number;
}

export const LEGACY_ALGORITHMS: Algorithms = {
  kex: { append: ['diffie-hellman-group14-sha1'], prepend: [], remove: [] },
  serverHostKey: { append: ['ssh-rsa'], prepend: [], remove: [] },
  cipher: { append: ['aes128-cbc', 'aes256-cbc'], prepend: [], remove: [] },
  hmac: { append: ['hmac-sha1'], prepend: [], remove: [] },
};

/** OpenSSH-style fingerprint of a raw host key blob: `SHA256:<base64 without padding>`. */
export function fingerprintSha256(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

export function normalizeFingerprint(fp: string): string {
  const t = fp.trim();
  return t.startsWith('SHA256:') ? t.replace(/=+$/, '') : `SHA256:${t.replace(/=+$/, '')}`;
}

let nextId = 1;

/** Bytes per READ request and bytes kept in flight (ssh2's channel window is 2 MiB). */
const DEFAULT_CHUNK = 128 * 1024;
const IN_FLIGHT_BYTES = 2 * 1024 * 1024;

function timeoutError(what: string, ms: number): Error {
  return Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: 'ETIMEDOUT' });
}

/**
 * One SSH connection with its SFTP channel. Every operation has a timeout; any connection-level
 * error marks the connection broken (the pool then destroys it instead of reusing it).
 */
export class SftpConnection {
  readonly id = nextId++;
  readonly createdAt = Date.now();
  lastUsedAt = Date.now();
  broken = false;
  brokenReason: string | undefined;
  fingerprint: string | undefined;
  private closed = false;
  /** assertInside's verdicts: `root\0path` (and `root\0` for the root) → expiry. */
  private readonly insideUntil = new Map<string, number>();
  private readonly realRoots = new Map<string, string>();

  private constructor(
    readonly config: SftpServerConfig,
    readonly client: SftpClient,
    private readonly opTimeoutMs: number,
    private readonly logger: Logger | undefined,
    private readonly counters: SftpCounters = { requests: 0 },
  ) {}

  /** Counts `n` SFTP requests about to be sent. */
  private sent(n = 1): void {
    this.counters.requests += n;
  }

  static async open(config: SftpServerConfig, opts: ConnectOptions = {}): Promise<SftpConnection> {
    const logger = opts.logger;
    const ref: { conn?: SftpConnection } = {};
    const markBroken = (reason: string) => {
      if (ref.conn) {
        ref.conn.broken = true;
        ref.conn.brokenReason ??= reason;
      }
    };
    // Global listeners: ssh2-sftp-client's defaults use console and some paths throw when no
    // listener is attached; ours only record and log (never the config: it holds credentials).
    const client = new SftpClient(`sftp-${config.serverId}`, {
      error: (err: unknown) => {
        markBroken('error');
        logger?.debug({ serverId: config.serverId, err: (err as Error)?.message }, 'sftp connection error');
      },
      end: () => markBroken('end'),
      close: () => markBroken('close'),
    });
    const expected = config.hostKeyFingerprint ? normalizeFingerprint(config.hostKeyFingerprint) : undefined;
    let presented: string | undefined;
    const connectTimeoutMs = opts.connectTimeoutMs ?? 15_000;
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    // Failures before the key exchange completes all read alike (see SshUnreachableError).
    let keyExchanged = false;
    rawClient(client)?.once('handshake', () => {
      keyExchanged = true;
    });
    try {
      await Promise.race([
        client.connect({
          host: opts.address ?? config.host,
          port: config.port,
          username: config.username,
          ...(config.password !== undefined ? { password: config.password } : {}),
          ...(config.privateKey !== undefined ? { privateKey: config.privateKey } : {}),
          readyTimeout: connectTimeoutMs,
          keepaliveInterval: 15_000,
          keepaliveCountMax: 3,
          tryKeyboard: false,
          ...algorithmsFor(config.legacyAlgorithms),
          hostVerifier: (key: Buffer) => {
            presented = fingerprintSha256(key);
            opts.onFingerprint?.(presented);
            return expected === undefined || expected === presented;
          },
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(timeoutError('connect', connectTimeoutMs + 2000)), connectTimeoutMs + 2000);
        }),
      ]);
    } catch (err) {
      destroyClient(client);
      if (expected !== undefined && presented !== undefined && presented !== expected) {
        throw new HostKeyMismatchError(expected, presented, { host: config.host, port: config.port });
      }
      throw keyExchanged ? err : preHandshakeError(err);
    } finally {
      if (timer) clearTimeout(timer);
    }
    const conn = new SftpConnection(config, client, opts.opTimeoutMs ?? 20_000, logger, opts.counters);
    ref.conn = conn;
    conn.fingerprint = presented;
    const sftp = rawSftp(client);
    // The SFTP channel is an EventEmitter: an 'error' without a listener would crash the process.
    sftp?.on('error', (err: Error) => {
      markBroken('sftp error');
      logger?.debug({ serverId: config.serverId, err: err.message }, 'sftp channel error');
    });
    sftp?.on('close', () => markBroken('sftp channel closed'));
    logger?.debug({ serverId: config.serverId, conn: conn.id, ms: Date.now() - started }, 'sftp connected');
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

  /** Cheap liveness probe (realpath of "."). */
  async ping(timeoutMs = 5000): Promise<boolean> {
    if (!this.alive) return false;
    try {
      await this.op('ping', () => this.realPathRaw('.'), timeoutMs);
      return true;
    } catch {
      return false;
    }
  }

  private realPathRaw(p: string): Promise<string> {
    const sftp = this.sftp;
    this.sent();
    return new Promise((resolve, reject) => {
      sftp.realpath(p, (err, abs) => (err ? reject(err) : resolve(abs)));
    });
  }

  /** Server-side canonical path; '' when it does not exist. */
  realPath(p: string): Promise<string> {
    return this.op('realpath', async () => {
      try {
        return await this.realPathRaw(p);
      } catch (err) {
        if ((err as { code?: unknown }).code === 2) return '';
        throw err;
      }
    });
  }

  /**
   * Lists a folder, keeping at most `maxEntries` entries (then `truncated` is set) and cutting names
   * longer than `maxNameLength`. Reads the directory handle batch by batch (each batch is one SFTP
   * packet, at most 256 KiB) so a hostile server's endless folder is never held in memory.
   */
  list(dir: string, opts: ListOptions = {}): Promise<RemoteListing> {
    if (opts.rank) return this.listRanked(dir, opts.rank, opts);
    const maxEntries = opts.maxEntries ?? MAX_LIST_ENTRIES;
    const maxName = opts.maxNameLength ?? MAX_NAME_LENGTH;
    return this.op('list', async () => {
      const entries: RemoteEntry[] = [];
      let truncated = false;
      await this.readDirBatches(dir, {
        // Batches without entries ('.' and '..' only) count too: a server cannot keep us reading forever.
        next: (batch) => !(truncated ||= batch > maxEntries + 16),
        take: (items) => {
          for (const i of items) {
            if (entries.length >= maxEntries) return !(truncated = true);
            entries.push(toEntry(i, maxName));
          }
          return true;
        },
      });
      entries.sort((a, b) => a.name.localeCompare(b.name));
      return Object.assign(entries, { truncated });
    });
  }

  /**
   * The ranked listing (see ListOptions.rank): entries are read batch by batch (each batch one SFTP reply,
   * its own turn of the event loop) and cut back to the best `maxEntries` whenever twice that many are
   * held, so memory stays bounded and the newest entries are found whatever order the host sends.
   */
  private listRanked(dir: string, rank: NonNullable<ListOptions['rank']>, opts: ListOptions): Promise<RemoteListing> {
    const keep = Math.max(1, opts.maxEntries ?? MAX_LIST_ENTRIES);
    const maxName = opts.maxNameLength ?? MAX_NAME_LENGTH;
    const maxScan = opts.maxScan ?? MAX_SCAN_ENTRIES;
    return this.op('list', async () => {
      const held: { e: RemoteEntry; r: number }[] = [];
      let matched = 0;
      let scanned = 0;
      let incomplete = false;
      const cut = () => {
        held.sort((a, b) => b.r - a.r);
        held.length = Math.min(held.length, keep);
      };
      await this.readDirBatches(dir, {
        // Empty batches count too ('.' and '..' only): a server cannot keep us reading forever.
        next: (batch) => !(incomplete = scanned >= maxScan || batch > maxScan || (opts.deadline !== undefined && Date.now() >= opts.deadline)),
        take: (items) => {
          for (const i of items) {
            scanned++;
            const e = toEntry(i, maxName);
            const r = rank(e.name, e.type);
            if (r === null) continue;
            matched++;
            held.push({ e, r });
          }
          if (held.length >= 2 * keep) cut();
          return true;
        },
      });
      cut();
      const entries = held.map((h) => h.e);
      return Object.assign(entries, { truncated: matched > entries.length, matched, incomplete });
    });
  }

  /**
   * Reads a folder's handle one SFTP reply at a time, each in its own turn of the event loop: `next`
   * says before each read whether to go on, `take` gets each reply's entries ('.' and '..' left out)
   * and says whether to go on. The handle is closed whatever happens. Runs inside `op`.
   */
  private async readDirBatches(dir: string, reader: { next(batch: number): boolean; take(items: FileEntry[]): boolean }): Promise<void> {
    const sftp = this.sftp;
    this.sent();
    const handle = await new Promise<Buffer>((resolve, reject) => sftp.opendir(dir, (err, h) => (err ? reject(err) : resolve(h))));
    try {
      for (let batch = 0; reader.next(batch); batch++) {
        this.sent();
        const items = await new Promise<FileEntry[] | null>((resolve, reject) =>
          sftp.readdir(handle, (err, list) => {
            if (err && (err as { code?: unknown }).code === 1) resolve(null); // SSH_FX_EOF
            else if (err) reject(err);
            else resolve(list);
          }),
        );
        if (!items || !reader.take(items.filter((i) => i.filename !== '.' && i.filename !== '..'))) return;
      }
    } finally {
      try {
        this.sent();
        sftp.close(handle, () => undefined);
      } catch {
        /* channel already gone */
      }
    }
  }

  /**
   * Refuses `absPath` (already lexically inside `root`) when the server's realpath of it lies
   * outside the root (a symlink escape). Verdicts are reused for INSIDE_CHECK_TTL_MS on this
   * connection, so hot paths (the poller's stat/readFrom/list) pay one realpath per path per TTL.
   */
  async assertInside(root: string, absPath: string): Promise<void> {
    const now = Date.now();
    const key = `${root}\0${absPath}`;
    if ((this.insideUntil.get(key) ?? 0) > now) return;
    const rootKey = `${root}\0`;
    const known = (this.insideUntil.get(rootKey) ?? 0) > now ? this.realRoots.get(root) : undefined;
    // Both realpaths in one round: the root's (when not known) and the path's.
    const [realRoot, real] = await Promise.all([
      known ?? this.realPath(root).then((r) => r || root),
      this.realPath(absPath),
    ]);
    if (known === undefined) {
      this.remember(rootKey, now);
      this.realRoots.set(root, realRoot);
    }
    await assertRealPathInside(root, absPath, () => Promise.resolve(real), realRoot);
    this.remember(key, now);
  }

  private remember(key: string, now: number): void {
    if (this.insideUntil.size >= INSIDE_CACHE_MAX) this.insideUntil.clear();
    this.insideUntil.set(key, now + INSIDE_CHECK_TTL_MS);
  }

  stat(p: string): Promise<RemoteStat> {
    return this.op('stat', async () => {
      const sftp = this.sftp;
      this.sent();
      const st = await new Promise<{ mode: number; size: number; mtime: number }>((resolve, reject) =>
        sftp.stat(p, (err, s) => (err ? reject(err) : resolve(s))),
      );
      return { type: modeType(st.mode), size: st.size, modifiedAt: new Date(st.mtime * 1000) };
    });
  }

  async exists(p: string): Promise<false | RemoteStat['type']> {
    try {
      return (await this.stat(p)).type;
    } catch (err) {
      if (classifySshError(err) === 'not_found') return false;
      throw err;
    }
  }

  /**
   * Reads [offset, offset+maxBytes) with parallel ranged reads on one open handle: up to
   * `concurrency` READ requests of `chunkSize` bytes in flight, written straight into their place
   * in one buffer (so the result is in order). The file is sized once (fstat) at the start: bytes
   * appended while reading are left for the next call.
   */
  readFrom(p: string, offset: number, options: ReadFromOptions = {}): Promise<ReadFromResult> {
    const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
    const requestedChunk = Math.max(1024, options.chunkSize ?? DEFAULT_CHUNK);
    const headBytes = Math.max(0, Math.min(options.headBytes ?? 0, 64 * 1024));
    if (!Number.isSafeInteger(offset) || offset < 0) throw new UserError(msg('sftp.read.badOffset'), 'validation');
    // Large reads get more time: at least the op timeout, plus 1 s per MiB.
    const timeoutMs = this.opTimeoutMs + Math.ceil(maxBytes / (1024 * 1024)) * 1000;
    return this.op(
      'readFrom',
      async () => {
        const sftp = this.sftp;
        // ssh2 splits a READ larger than the server's limit into sequential follow-ups, which would
        // serialise the transfer: keep each request within the limit (256 KiB on OpenSSH, ~34 KB
        // on others) and keep about one channel window (2 MiB) of requests in flight.
        const serverMax = (sftp as unknown as { _maxReadLen?: number })._maxReadLen ?? 32 * 1024;
        const chunkSize = Math.min(requestedChunk, serverMax);
        const concurrency = Math.max(1, options.concurrency ?? Math.min(64, Math.max(4, Math.ceil(IN_FLIGHT_BYTES / chunkSize))));
        this.sent();
        const handle = await new Promise<Buffer>((resolve, reject) => sftp.open(p, 'r', (err, h) => (err ? reject(err) : resolve(h))));
        try {
          // The size and the head are asked for together: one round of requests.
          this.sent(headBytes > 0 ? 2 : 1);
          const [st, head] = await Promise.all([
            new Promise<{ size: number }>((resolve, reject) => sftp.fstat(handle, (err, s) => (err ? reject(err) : resolve(s)))),
            headBytes > 0 ? this.readHead(sftp, handle, headBytes) : undefined,
          ]);
          const size = st.size;
          const withHead = head ? { head } : {};
          if (offset > size) return { data: Buffer.alloc(0), size, nextOffset: offset, truncated: true, eof: true, ...withHead };
          const end = Math.min(size, offset + maxBytes);
          const total = end - offset;
          if (total === 0) return { data: Buffer.alloc(0), size, nextOffset: offset, truncated: false, eof: true, ...withHead };
          const buf = Buffer.allocUnsafe(total);
          // Lowest position where the file turned out to end early (EOF before the fstat size).
          let shortAt = total;
          await new Promise<void>((resolve, reject) => {
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
              if (inFlight === 0) resolve();
            };
            const readChunk = (pos: number, len: number) => {
              inFlight++;
              this.sent();
              sftp.read(handle, buf, pos, len, offset + pos, (err, nb) => {
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
          const data = shortAt < total ? buf.subarray(0, shortAt) : buf;
          return {
            data,
            size,
            nextOffset: offset + data.length,
            truncated: false,
            eof: offset + data.length >= size,
            ...withHead,
          };
        } finally {
          try {
            this.sent();
            sftp.close(handle, () => undefined);
          } catch {
            /* channel already gone */
          }
        }
      },
      timeoutMs,
    );
  }

  /** Up to `n` bytes from offset 0 of an open handle (fewer when the file is shorter). */
  private readHead(sftp: SFTPWrapper, handle: Buffer, n: number): Promise<Buffer> {
    const buf = Buffer.alloc(n);
    return new Promise((resolve, reject) =>
      sftp.read(handle, buf, 0, n, 0, (err, nb) => {
        // An empty file answers EOF.
        if (err && (err as { code?: unknown }).code === 1) resolve(buf.subarray(0, 0));
        else if (err) reject(err);
        else resolve(buf.subarray(0, nb));
      }),
    );
  }

  /** Bytes [start, end) (end exclusive; default: end of file), capped at maxBytes. */
  async readRange(p: string, start: number, end?: number, maxBytes = 16 * 1024 * 1024): Promise<Buffer> {
    const want = end === undefined ? maxBytes : Math.max(0, Math.min(end - start, maxBytes));
    return (await this.readFrom(p, start, { maxBytes: want })).data;
  }

  /** Streaming read (sequential); the caller must consume or destroy the stream. */
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

/**
 * Connects to `address:port`, completes the SSH key exchange (the server proves it holds the host
 * key: ssh2 checks the exchange signature before 'handshake') and hangs up before authentication:
 * no username, password or key is ever sent. Resolves with the host key's SHA256 fingerprint,
 * negotiated with the same algorithm preference as SftpConnection.open, so it equals what a later
 * full connection pins.
 */
export function readHostKey(opts: { address: string; port: number; legacyAlgorithms?: boolean; timeoutMs: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let presented: string | undefined;
    let exchanged = false;
    let settled = false;
    let outcome: { ok: true } | { ok: false; err: unknown } | undefined;
    const sock = () => (client as unknown as { _sock?: Socket })._sock;
    const settle = () => {
      if (settled || !outcome) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(hangup);
      if (outcome.ok && presented) resolve(presented);
      else reject(outcome.ok ? new Error('no host key was presented') : exchanged ? outcome.err : preHandshakeError(outcome.err));
    };
    const fail = (err: unknown) => {
      outcome ??= { ok: false, err };
      sock()?.destroy();
      settle();
    };
    let hangup: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => fail(timeoutError('key exchange', opts.timeoutMs)), opts.timeoutMs);
    // Stays attached after settling: ssh2 may still emit errors while the socket closes.
    client.on('error', (err) => fail(err));
    // Settle on close, so a caller holding a connection slot releases it once the socket is gone.
    client.on('close', () => {
      outcome ??= { ok: false, err: Object.assign(new Error('Connection lost before handshake'), { code: 'ECONNRESET' }) };
      settle();
    });
    client.once('handshake', () => {
      exchanged = true;
      outcome ??= { ok: true };
      // end() sends DISCONNECT and half-closes the socket, so the 'ssh-userauth' service request
      // ssh2 writes right after this event finds it unwritable and is dropped.
      client.end();
      hangup = setTimeout(() => sock()?.destroy(), 2000);
    });
    try {
      client.connect({
        host: opts.address,
        port: opts.port,
        // Required by ssh2's config check; never sent (we hang up before userauth, and the
        // handler below offers no method if ssh2 ever got there).
        username: 'probe',
        authHandler: (_methods, _partial, next) => next(false as never),
        readyTimeout: opts.timeoutMs + 1000,
        ...algorithmsFor(opts.legacyAlgorithms),
        hostVerifier: (key: Buffer) => {
          presented = fingerprintSha256(key);
          return true;
        },
      });
    } catch (err) {
      fail(err);
    }
  });
}

function algorithmsFor(legacy: boolean | undefined): { algorithms?: Algorithms } {
  return legacy ? { algorithms: LEGACY_ALGORITHMS } : {};
}

function toEntry(i: FileEntry, maxName: number): RemoteEntry {
  const a = i.attrs ?? ({} as FileEntry['attrs']);
  // Counted in code points so a surrogate pair is never split (UTF-16 length is an upper bound).
  const points = i.filename.length > maxName ? Array.from(i.filename) : undefined;
  const long = points !== undefined && points.length > maxName;
  return {
    name: long ? points.slice(0, maxName).join('') : i.filename,
    type: modeType(a.mode ?? 0),
    size: Number.isFinite(a.size) ? a.size : 0,
    modifiedAt: new Date(Number.isFinite(a.mtime) ? a.mtime * 1000 : 0),
    ...(long ? { nameTruncated: true as const } : {}),
  };
}

/** ssh2-sftp-client's underlying ssh2 Client (absent from its type definitions). */
function rawClient(client: SftpClient): Client | undefined {
  return (client as unknown as { client?: Client }).client;
}

/** ssh2-sftp-client keeps the SFTP channel on `sftp` (absent from its type definitions). */
function rawSftp(client: SftpClient): SFTPWrapper | undefined {
  return (client as unknown as { sftp?: SFTPWrapper }).sftp;
}

function destroyClient(client: SftpClient): void {
  try {
    const raw = (client as unknown as { client?: { destroy?: () => void } }).client;
    raw?.destroy?.();
  } catch {
    /* already gone */
  }
  (client as unknown as { sftp?: unknown }).sftp = undefined;
}

function modeType(mode: number): RemoteEntry['type'] {
  const t = mode & 0o170000;
  if (t === 0o040000) return 'dir';
  if (t === 0o100000) return 'file';
  if (t === 0o120000) return 'symlink';
  return 'other';
}

export { toUserError };

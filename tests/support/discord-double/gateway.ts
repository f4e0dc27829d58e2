/** Gateway v10 (JSON, no compression) served on the double's HTTP server. */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';

export interface GatewayDispatch {
  s: number;
  t: string;
  d: unknown;
}

export interface GatewaySession {
  sessionId: string;
  shard: [number, number];
  intents: number;
  /** Last sequence number used. */
  seq: number;
  /** Every dispatch sent in this session (kept for RESUME replay). */
  log: GatewayDispatch[];
  socket: WebSocket | null;
  /** False once Discord would refuse to resume it. */
  resumable: boolean;
  identify: Record<string, unknown>;
  identifiedAt: number;
  resumes: number;
}

export interface GatewayHost {
  token: string;
  heartbeatIntervalMs: number;
  resumeUrl(): string;
  /** READY's `d` minus session-specific fields, and the GUILD_CREATE payloads to send after it. */
  readyFor(shard: [number, number], intents: number): { ready: Record<string, unknown>; guilds: unknown[] };
  /** Op 8: members for GUILD_MEMBERS_CHUNK. */
  requestMembers(d: Record<string, unknown>): unknown[];
  changed(): void;
}

interface Conn {
  ws: WebSocket;
  session: GatewaySession | null;
  heartbeats: number;
}

const NON_RESUMABLE = new Set([1000, 1001, 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);

export class GatewayServer {
  readonly wss = new WebSocketServer({ noServer: true });
  /** All sessions ever created, by session id. */
  readonly sessions = new Map<string, GatewaySession>();
  /** The live (latest identified) session per shard id. */
  readonly current = new Map<number, GatewaySession>();
  /** Every IDENTIFY payload received (intents, shard, properties...). */
  readonly identifies: Record<string, unknown>[] = [];
  /** Close codes the double or clients used, in order. */
  readonly closes: { code: number; by: 'double' | 'client'; sessionId?: string }[] = [];
  /** Dispatches for shards without any session (nobody connected). */
  readonly dropped: { t: string; d: unknown }[] = [];
  private readonly conns = new Set<Conn>();

  constructor(private readonly host: GatewayHost) {}

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/api')) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url));
    });
  }

  private onConnection(ws: WebSocket, url: URL): void {
    const conn: Conn = { ws, session: null, heartbeats: 0 };
    this.conns.add(conn);
    ws.on('close', (code) => {
      this.conns.delete(conn);
      const s = conn.session;
      if (s && s.socket === ws) {
        s.socket = null;
        if (NON_RESUMABLE.has(code)) s.resumable = false;
        this.closes.push({ code, by: 'client', sessionId: s.sessionId });
        if (!s.resumable && this.current.get(s.shard[0]) === s) this.current.delete(s.shard[0]);
      }
      this.host.changed();
    });
    ws.on('error', () => undefined);
    if (url.searchParams.get('v') !== '10') return void ws.close(4012, 'Invalid API version');
    const enc = url.searchParams.get('encoding');
    if (enc !== null && enc !== 'json') return void ws.close(4002, 'Only JSON encoding is supported by the double');
    if (url.searchParams.get('compress')) return void ws.close(4002, 'Compression is not supported by the double');
    ws.on('message', (raw: RawData) => this.onMessage(conn, raw));
    this.send(ws, { op: 10, d: { heartbeat_interval: this.host.heartbeatIntervalMs, _trace: ['["discord-double"]'] }, s: null, t: null });
  }

  private send(ws: WebSocket, payload: unknown): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
  }

  private onMessage(conn: Conn, raw: RawData): void {
    let msg: { op?: unknown; d?: unknown };
    try {
      msg = JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw)) as { op?: unknown; d?: unknown };
    } catch {
      conn.ws.close(4002, 'Decode error');
      return;
    }
    const d = (msg.d ?? {}) as Record<string, unknown>;
    switch (msg.op) {
      case 1:
        conn.heartbeats++;
        this.send(conn.ws, { op: 11, d: null, s: null, t: null });
        return;
      case 2:
        this.identify(conn, d);
        return;
      case 6:
        this.resume(conn, d);
        return;
      case 3: // presence update
      case 4: // voice state update
        if (!conn.session) conn.ws.close(4003, 'Not authenticated');
        return;
      case 8:
        if (!conn.session) return void conn.ws.close(4003, 'Not authenticated');
        this.requestMembers(conn.session, d);
        return;
      default:
        conn.ws.close(4001, 'Unknown opcode');
    }
  }

  private tokenOk(token: unknown): boolean {
    return typeof token === 'string' && token.replace(/^Bot\s+/i, '') === this.host.token;
  }

  private identify(conn: Conn, d: Record<string, unknown>): void {
    this.identifies.push(d);
    if (conn.session) return void conn.ws.close(4005, 'Already authenticated');
    if (!this.tokenOk(d.token)) return void conn.ws.close(4004, 'Authentication failed');
    if (typeof d.intents !== 'number') return void conn.ws.close(4013, 'Invalid intent(s)');
    const shardRaw = d.shard;
    const shard: [number, number] = Array.isArray(shardRaw) ? [Number(shardRaw[0]), Number(shardRaw[1])] : [0, 1];
    if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) return void conn.ws.close(4010, 'Invalid shard');
    const session: GatewaySession = {
      sessionId: randomBytes(16).toString('hex'),
      shard,
      intents: d.intents,
      seq: 0,
      log: [],
      socket: conn.ws,
      resumable: true,
      identify: d,
      identifiedAt: Date.now(),
      resumes: 0,
    };
    // Newest identify wins the shard: an older process's session stops receiving events.
    const old = this.current.get(shard[0]);
    if (old) old.resumable = false;
    this.sessions.set(session.sessionId, session);
    this.current.set(shard[0], session);
    conn.session = session;
    const { ready, guilds } = this.host.readyFor(shard, d.intents);
    this.push(session, 'READY', {
      ...ready,
      session_id: session.sessionId,
      session_type: 'normal',
      resume_gateway_url: this.host.resumeUrl(),
      shard,
    });
    for (const g of guilds) this.push(session, 'GUILD_CREATE', g);
    this.host.changed();
  }

  private resume(conn: Conn, d: Record<string, unknown>): void {
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    if (!this.tokenOk(d.token)) return void conn.ws.close(4004, 'Authentication failed');
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    const oldest = session?.log[0]?.s ?? 1;
    if (!session || !session.resumable || seq < oldest - 1 || seq > session.seq) {
      this.send(conn.ws, { op: 9, d: false, s: null, t: null });
      return;
    }
    if (session.socket && session.socket !== conn.ws) session.socket.terminate();
    session.socket = conn.ws;
    session.resumes++;
    conn.session = session;
    for (const e of session.log) if (e.s > seq) this.send(conn.ws, { op: 0, ...e });
    this.push(session, 'RESUMED', { _trace: ['["discord-double"]'] });
    this.host.changed();
  }

  private requestMembers(session: GatewaySession, d: Record<string, unknown>): void {
    const members = this.host.requestMembers(d);
    this.push(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: d.guild_id,
      members,
      chunk_index: 0,
      chunk_count: 1,
      not_found: [],
      ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
    });
  }

  /** Appends a dispatch to the session log and sends it if the socket is up (else it waits for RESUME). */
  push(session: GatewaySession, t: string, d: unknown): void {
    const e: GatewayDispatch = { s: ++session.seq, t, d };
    session.log.push(e);
    if (session.log.length > 5000) session.log.shift();
    if (session.socket) this.send(session.socket, { op: 0, ...e });
  }

  /** Sends a dispatch to the live session of `shard` (or of every shard when undefined). */
  dispatch(t: string, d: unknown, shard?: number): number {
    const targets = [...this.current.values()].filter((s) => s.resumable && (shard === undefined || s.shard[0] === shard));
    if (targets.length === 0) this.dropped.push({ t, d });
    for (const s of targets) this.push(s, t, d);
    this.host.changed();
    return targets.length;
  }

  /** Closes the gateway connection(s) with `code`, as Discord would. */
  close(code: number, shard?: number): void {
    for (const s of this.current.values()) {
      if (shard !== undefined && s.shard[0] !== shard) continue;
      if (NON_RESUMABLE.has(code)) s.resumable = false;
      this.closes.push({ code, by: 'double', sessionId: s.sessionId });
      const ws = s.socket;
      s.socket = null;
      ws?.close(code, 'discord-double');
    }
    for (const [id, s] of this.current) if (!s.resumable) this.current.delete(id);
    this.host.changed();
  }

  /** Live session for a shard that has been sent READY (and is connected or resumable). */
  live(shard: number): GatewaySession | undefined {
    const s = this.current.get(shard);
    return s && s.resumable ? s : undefined;
  }

  stop(): Promise<void> {
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

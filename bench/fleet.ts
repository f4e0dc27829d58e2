/**
 * A fleet of game servers for benches that run the REAL bot process (tests/support/bot.ts): seeded
 * straight into MongoDB (no `/server add` flow, which is far too slow for hundreds of servers), each with
 * its own Deadside tree on one sshd, and the Discord double's guilds that make the bot serve them.
 *
 *   const fleet = await Fleet.create({ db: mongo.db, sshd, groups: [{ tier: 'free', servers: 6 }, { tier: 'pro', servers: 6 }] });
 *   const double = await DiscordDouble.start({ ..., guilds: fleet.guildDefs() });   // or double.addGuild(def) later
 *   const bot = await startBotProcess({ ..., env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true' } });
 *   const line = await fleet.appendKill(3);       // server #3's killfeed CSV grows by one kill, timed
 *   fleet.matchPost(request)                      // → [line.key] when a POST at the double carries it
 *
 * What is seeded (validated with the bot's own zod schemas, written through its versioned collections):
 * - `guild_configs`: one per guild, with its premium tier (no expiry) and `tierSeen` = that tier. A tier
 *   allows only `TIERS[tier].servers` servers per guild (the rest would be paused by the tier), so a group
 *   with more servers than that is spread over as many guilds as it needs.
 * - `game_servers`: host/port/user of the sshd, the password sealed as ServerRepo.seal does (SecretBox with
 *   the bot's SECRETS_KEY, default TEST_SECRETS_KEY), the sshd's ed25519 host key pinned, the root folder
 *   `<sshd.root>/srv-<n>`, channels killfeed/events/connections, `pollSeconds` (default the tier's floor,
 *   read from TIERS) and `killfeedDelaySeconds` 0.
 * - On the sshd host: `<root>/srv-<n>/actual1/deathlogs/world_0/<YYYY.MM.DD-HH.MM.SS>.csv` and
 *   `<root>/srv-<n>/Logs/Deadside.log` (the layout src/sftp/layout.ts detects), with some old history.
 *
 * Appended lines are recognisable in the bot's posts: a kill's distance is a sequence number unique per
 * server (its killfeed channel names the server), a join's player name is unique per server.
 *
 * SftpRequestLog (below) counts what polls cost on the host: every SFTP request, per server, with times.
 */
import { randomBytes } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, open, readdir, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from 'mongodb';
import { collections } from '../src/db/collections.js';
import { gameServerSchema, guildConfigSchema, type GameServer, type GuildConfig } from '../src/db/schemas.js';
import { TIERS, type TierName } from '../src/premium/tiers.js';
import { SecretBox } from '../src/security/secrets.js';
import { TEST_SECRETS_KEY } from '../tests/support/bot.js';
import type { CapturedRequest, GuildDef } from '../tests/support/discord-double/index.js';
import { generateKillfeed, killfeedStamp, rng } from '../tests/deadside/generate.js';
import { generateServerLog } from '../tests/deadside/generateLog.js';

/** The sshd the fleet lives on (tests/support/sshd.ts `Sshd` satisfies it). */
export interface FleetHost {
  host: string;
  port: number;
  username: string;
  password: string;
  /** Absolute path of the SFTP root on this machine (and as seen over SFTP). */
  root: string;
  hostKeyFingerprintSha256: string;
}

export interface FleetGroup {
  tier: TierName;
  servers: number;
  /** Poll interval of these servers (default: the tier's floor, TIERS[tier].minPollSeconds). */
  pollSeconds?: number;
}

export interface FleetOptions {
  db: Db;
  /** Where the trees are written (under `root`) and, without `hosts`, what every server connects to. */
  sshd: FleetHost;
  /**
   * Spread the servers over several sshd instances: server n connects to `hosts[n % hosts.length]` (its
   * host, port and pinned key). They must serve `sshd.root` (test sshds on one machine do: no chroot).
   */
  hosts?: readonly FleetHost[];
  groups: readonly FleetGroup[];
  /** SECRETS_KEY of the bot process (default TEST_SECRETS_KEY, what startBotProcess sets). */
  secretsKey?: string;
  /** Snowflake base for guild, channel and user ids (default 1700000000000000000); fleets sharing a double need distinct bases. */
  idBase?: bigint;
  /** Old history written at seed time (default 40 kills, 300 log lines): read at the first poll, counted, too old to post. */
  history?: { kills?: number; logLines?: number };
  /** Distinct players per server in appended kills (default 20). */
  players?: number;
  /** Feed settings (default: killfeed delay 0, suicides shown). */
  killfeedDelaySeconds?: number;
}

export interface FleetServer {
  /** Position in the fleet, 0-based: the folder `srv-<index>`. */
  index: number;
  /** `game_servers._id`. */
  id: string;
  name: string;
  guildId: string;
  tier: TierName;
  pollSeconds: number;
  /** Absolute folder of this server (its `root`), on this machine and over SFTP. */
  dir: string;
  csv: string;
  log: string;
  channels: { killfeed: string; events: string; connections: string };
}

export interface FleetGuild {
  id: string;
  tier: TierName;
  def: GuildDef;
  servers: FleetServer[];
}

/** One line appended to a server's file: where its bytes are and when the write had completed. */
export interface AppendedLine {
  /** Unique in the fleet: `<server index>:kill:<seq>` or `<server index>:join:<seq>`. */
  key: string;
  kind: 'kill' | 'join';
  server: FleetServer;
  file: string;
  /** Byte range of the line(s) in `file`. */
  start: number;
  end: number;
  /** Date.now() once the write returned (the bytes are visible to any reader of the file). */
  at: number;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** `[YYYY.MM.DD-HH.MM.SS:mmm][frame]`, as Deadside.log stamps its lines (UTC). */
function logStamp(ms: number, frame: number): string {
  const d = new Date(ms);
  return `[${killfeedStamp(ms)}:${pad(d.getUTCMilliseconds(), 3)}][${String(frame % 1000).padStart(3)}]`;
}

function hexId(r: () => number): string {
  let s = '';
  for (let i = 0; i < 32; i++) s += '0123456789abcdef'[Math.floor(r() * 16)];
  return s;
}

const WEAPONS = ['AK-SU', 'MR5', 'Mosin-K', 'IZH-43', 'M99', 'BB-19'];

export class Fleet {
  readonly servers: FleetServer[];
  readonly guilds: FleetGuild[];
  private readonly byKillfeed = new Map<string, FleetServer>();
  private readonly byConnections = new Map<string, FleetServer>();
  private readonly byDir = new Map<string, FleetServer>();
  /** Per server: players of its kills, counters of appended lines, the frame counter of its log. */
  private readonly state: { players: { name: string; id: string }[]; kills: number; joins: number; frame: number; rand: () => number }[];
  /** Appended joins by `<connections channel>\0<player name>` → key. */
  private readonly joinKeys = new Map<string, string>();
  /** Writes to one file are serialised: an append's byte range is exact. */
  private readonly writing = new Map<string, Promise<unknown>>();

  private constructor(
    readonly root: string,
    servers: FleetServer[],
    guilds: FleetGuild[],
    players: number,
  ) {
    this.servers = servers;
    this.guilds = guilds;
    for (const s of servers) {
      this.byKillfeed.set(s.channels.killfeed, s);
      this.byConnections.set(s.channels.connections, s);
      this.byDir.set(path.basename(s.dir), s);
    }
    this.state = servers.map((s) => {
      const rand = rng(1000 + s.index);
      return { players: Array.from({ length: Math.max(2, players) }, (_, i) => ({ name: `Player ${i + 1}`, id: hexId(rand) })), kills: 0, joins: 0, frame: 100, rand };
    });
  }

  /** Writes every server's tree on the sshd host and seeds MongoDB (run before the bot serves these guilds). */
  static async create(o: FleetOptions): Promise<Fleet> {
    const base = o.idBase ?? 1_700_000_000_000_000_000n;
    const ownerId = String(base + 1n);
    const now = new Date();
    const servers: FleetServer[] = [];
    const guilds: FleetGuild[] = [];
    let g = 0;
    for (const group of o.groups) {
      const perGuild = TIERS[group.tier].servers;
      const pollSeconds = group.pollSeconds ?? TIERS[group.tier].minPollSeconds;
      for (let left = group.servers; left > 0; left -= perGuild) {
        g++;
        const guildBase = base + BigInt(g) * 1000n;
        const guild: FleetGuild = {
          id: String(guildBase),
          tier: group.tier,
          servers: [],
          def: { id: String(guildBase), name: `Fleet ${TIERS[group.tier].label} ${g}`, ownerId, channels: [], members: [{ id: ownerId, username: 'fleet-owner', manageGuild: true }] },
        };
        for (let j = 0; j < Math.min(perGuild, left); j++) {
          const index = servers.length;
          const ch = (k: number) => String(guildBase + 10n + BigInt(3 * j + k));
          const dir = path.join(o.sshd.root, `srv-${index}`);
          const server: FleetServer = {
            index,
            id: `fl${pad(index, 6)}`,
            name: `Server ${index}`,
            guildId: guild.id,
            tier: group.tier,
            pollSeconds,
            dir,
            csv: path.join(dir, 'actual1', 'deathlogs', 'world_0', `${killfeedStamp(now.getTime() - 3_600_000)}.csv`),
            log: path.join(dir, 'Logs', 'Deadside.log'),
            channels: { killfeed: ch(0), events: ch(1), connections: ch(2) },
          };
          guild.def.channels.push(
            { id: server.channels.killfeed, name: `killfeed-${index}`, type: 'text' },
            { id: server.channels.events, name: `events-${index}`, type: 'text' },
            { id: server.channels.connections, name: `connections-${index}`, type: 'text' },
          );
          guild.servers.push(server);
          servers.push(server);
        }
        guilds.push(guild);
      }
    }
    const fleet = new Fleet(o.sshd.root, servers, guilds, o.players ?? 20);
    await fleet.writeTrees(o.history ?? {});
    await fleet.seed(o, now);
    return fleet;
  }

  /** The double's guild definitions (text channels killfeed/events/connections per server). */
  guildDefs(): GuildDef[] {
    return this.guilds.map((g) => g.def);
  }

  /** The server whose folder holds this absolute remote path. */
  serverOfPath(remotePath: string): FleetServer | undefined {
    if (!remotePath.startsWith(`${this.root}/`)) return undefined;
    return this.byDir.get(remotePath.slice(this.root.length + 1).split('/')[0] ?? '');
  }

  private async writeTrees(history: NonNullable<FleetOptions['history']>): Promise<void> {
    // Owned like the rest of the SFTP root (startSshd gives it to the test user).
    const owner = await stat(this.root);
    const kills = history.kills ?? 40;
    const logLines = history.logLines ?? 300;
    for (const s of this.servers) {
      const world = path.dirname(s.csv);
      await mkdir(world, { recursive: true });
      await mkdir(path.dirname(s.log), { recursive: true });
      const rows = kills > 0 ? generateKillfeed(kills, 77 + s.index).rows : [];
      await writeFile(s.csv, rows.map((r) => `${r.line}\n`).join(''));
      // A server session's log: `Log file open`, the command line, then events of long ago.
      await writeFile(s.log, logLines > 0 ? generateServerLog({ seed: 5000 + s.index, linesPerSession: logLines }).text : '');
      for (const p of [s.dir, path.join(s.dir, 'actual1'), path.join(s.dir, 'actual1', 'deathlogs'), world, s.csv, path.dirname(s.log), s.log]) {
        await chown(p, owner.uid, owner.gid);
      }
    }
  }

  private async seed(o: FleetOptions, now: Date): Promise<void> {
    const cols = collections(o.db);
    const box = new SecretBox((o.secretsKey ?? TEST_SECRETS_KEY).split(',').map((k) => k.trim()));
    const configs: GuildConfig[] = this.guilds.map((g) =>
      guildConfigSchema.parse({ _id: g.id, premium: { tier: g.tier, expiresAt: null }, tierSeen: g.tier, createdAt: now, updatedAt: now }),
    );
    const owners = new Map(this.guilds.map((g) => [g.id, g.def.ownerId]));
    const hosts = o.hosts?.length ? o.hosts : [o.sshd];
    const docs: GameServer[] = this.servers.map((s, i) => {
      const h = hosts[s.index % hosts.length]!;
      return gameServerSchema.parse({
        _id: s.id,
        guildId: s.guildId,
        name: s.name,
        host: h.host,
        port: h.port,
        username: h.username,
        password: box.seal(h.password),
        root: s.dir,
        hostKeyFingerprint: h.hostKeyFingerprintSha256,
        channels: { ...s.channels, playercount: null },
        settings: { pollSeconds: s.pollSeconds, killfeedDelaySeconds: o.killfeedDelaySeconds ?? 0, showSuicides: true, paused: false },
        layout: { serverDirs: [s.dir], killfeedDirs: [path.dirname(s.csv)], logFile: s.log, csvCount: 1, detectedAt: now },
        createdBy: owners.get(s.guildId)!,
        // Oldest first within a guild: the tier limit keeps the oldest servers polled.
        createdAt: new Date(now.getTime() - 60_000 + i),
        updatedAt: now,
      });
    });
    // insertMany: the one write that stays fast on jongodb at any size (../shared/spec/testing.md).
    for (let i = 0; i < configs.length; i += 500) await cols.guildConfigs.insertMany(configs.slice(i, i + 500));
    for (let i = 0; i < docs.length; i += 500) await cols.gameServers.insertMany(docs.slice(i, i + 500));
  }

  private serialised<T>(file: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.writing.get(file) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.writing.set(file, next);
    return next;
  }

  /** Appends `text` to `file`; the byte range it took and the time the write had returned. */
  private append(file: string, text: string): Promise<{ start: number; end: number; at: number }> {
    return this.serialised(file, async () => {
      let fh: FileHandle | undefined;
      try {
        fh = await open(file, 'a');
        const start = (await fh.stat()).size;
        const data = Buffer.from(text);
        await fh.write(data, 0, data.length, null);
        const at = Date.now();
        return { start, end: start + data.length, at };
      } finally {
        await fh?.close();
      }
    });
  }

  /** A kill happening now on server `n`: one killfeed line; its message shows the distance `<seq> m`. */
  async appendKill(n: number): Promise<AppendedLine> {
    const server = this.servers[n]!;
    const st = this.state[n]!;
    const seq = ++st.kills;
    const k = Math.floor(st.rand() * st.players.length);
    const v = (k + 1 + Math.floor(st.rand() * (st.players.length - 1))) % st.players.length;
    const killer = st.players[k]!;
    const victim = st.players[v]!;
    const weapon = WEAPONS[seq % WEAPONS.length]!;
    const line = `${killfeedStamp(Date.now())};${killer.name};${killer.id};${victim.name};${victim.id};${weapon};${seq};PC;PS5;\n`;
    const w = await this.append(server.csv, line);
    return { key: `${n}:kill:${seq}`, kind: 'kill', server, file: server.csv, ...w };
  }

  /** A player joining server `n` now: join request, login and registration lines in Deadside.log. */
  async appendJoin(n: number): Promise<AppendedLine> {
    const server = this.servers[n]!;
    const st = this.state[n]!;
    const seq = ++st.joins;
    // Names seen in the server's log never contain `|`, `&` or spaces here: one plain token, unique per server.
    const name = `Joiner${seq}x${n}`;
    const id = hexId(st.rand);
    const t = Date.now();
    const stamp = () => logStamp(t, (st.frame += 1 + Math.floor(st.rand() * 50)));
    const text =
      `${stamp()}LogNet: Join request: /Game/Maps/world_1/World_1?Name=${name}&eosid=|${id}\n` +
      `${stamp()}LogSFPS: [ASFPSGameSession::OnLogin] Login = ${name}, ID = |${id}\n` +
      `${stamp()}LogOnline: Warning: Player |${id} successfully registered!\n`;
    const key = `${n}:join:${seq}`;
    this.joinKeys.set(`${server.channels.connections}\0${name}`, key);
    const w = await this.append(server.log, text);
    return { key, kind: 'join', server, file: server.log, ...w };
  }

  /**
   * Keys of the appended lines a request to the double carries: a POST of a feed message to a fleet
   * server's killfeed channel (a kill's `Distance` field `<seq> m`) or connections channel (`<name> joined`).
   */
  matchPost(req: Pick<CapturedRequest, 'method' | 'path' | 'body'>): string[] {
    if (req.method !== 'POST') return [];
    const m = /^\/channels\/(\d+)\/messages$/.exec(req.path);
    if (!m) return [];
    const channel = m[1]!;
    const embeds = (req.body as { embeds?: { title?: string; fields?: { name: string; value: string }[] }[] } | undefined)?.embeds ?? [];
    const keys: string[] = [];
    const killServer = this.byKillfeed.get(channel);
    if (killServer) {
      for (const e of embeds) {
        const d = /^(\d+) m$/.exec(e.fields?.find((f) => f.name === 'Distance')?.value ?? '');
        if (d) keys.push(`${killServer.index}:kill:${d[1]}`);
      }
    } else if (this.byConnections.has(channel)) {
      for (const e of embeds) {
        const j = /^(\S+) joined$/.exec(e.title ?? '');
        const key = j && this.joinKeys.get(`${channel}\0${j[1]}`);
        if (key) keys.push(key);
      }
    }
    return keys;
  }
}

// ---------------------------------------------------------------- SFTP requests on the host

/** One SFTP request as OpenSSH's sftp-server logged it. */
export interface SftpRequest {
  /** Session (one per SSH connection of the bot's pool). */
  session: SftpSession;
  id: number;
  /** `open`, `read`, `opendir`, `readdir`, `stat`, `lstat`, `fstat`, `realpath`, `close`, ... */
  op: string;
  path?: string;
  /** `read`: the offset and length asked for; `dataLen`: what was sent back. */
  off?: number;
  len?: number;
  dataLen?: number;
  /** When the bench saw the request logged, and its answer (Date.now(); a few ms after the fact). */
  at: number;
  doneAt?: number;
}

export interface SftpSession {
  file: string;
  openedAt: number;
  /** Set from the first path it touched (the caller's `serverOf`). */
  server?: string;
  requests: SftpRequest[];
}

const REQUEST_RE = /^debug\d: request (\d+): (.*)$/;
const READ_RE = /^read "(.*)" \(handle \d+\) off (\d+) len (\d+)$/;
const QUOTED_OP_RE = /^(\w+) "(.*)"/;
const PATH_LINE_RE = /^(?:realpath|lstat name|stat name|opendir|open|closedir|close|fstat|setstat name|remove name|mkdir name|rmdir name) "(.*?)"/;

/**
 * Counts and times every SFTP request the bot makes, on the sshd's side. OpenSSH's internal-sftp cannot be
 * told to log from startSshd's options (its `Subsystem` line is fixed, and sshd 9.2 refuses a second one),
 * so `sshdConfig()` gives a `ForceCommand` that runs the same sftp-server as an external program, logging
 * at DEBUG3 to a file per session (`-e` writes to its stderr, redirected). The bench watches the folder
 * (inotify) and stamps each line when it appears: requests with their times, sessions (= SSH connections,
 * one SFTP channel each) with the server whose folder they touched first.
 */
export class SftpRequestLog {
  readonly sessions: SftpSession[] = [];
  private watcher: FSWatcher | null = null;
  private sweep: NodeJS.Timeout | null = null;
  private readonly files = new Map<string, { offset: number; partial: string; reading: Promise<void> | null; again: boolean; since: number | null; current: SftpSession | null }>();
  private serverOf: (remotePath: string) => string | undefined = () => undefined;
  /** A session's requests by id (ids are unique within a session). */
  private readonly byId = new WeakMap<SftpSession, Map<number, SftpRequest>>();
  private stopped = false;

  private constructor(readonly dir: string) {}

  /** A world-writable folder for the session logs (sftp-server runs as the test user). */
  static async create(): Promise<SftpRequestLog> {
    const dir = await mkdtemp(path.join(tmpdir(), `tower-sftplog-${randomBytes(3).toString('hex')}-`));
    await chmod(dir, 0o1777);
    return new SftpRequestLog(dir);
  }

  /** Lines for startSshd's `extraConfig`. */
  sshdConfig(): string[] {
    return [`ForceCommand exec /usr/lib/openssh/sftp-server -e -l DEBUG3 2>>${this.dir}/s.$$.log`];
  }

  /** Starts watching; `serverOf` names the server of an absolute remote path (e.g. Fleet.serverOfPath). */
  start(serverOf: (remotePath: string) => string | undefined): void {
    this.serverOf = serverOf;
    this.watcher = watch(this.dir, (_event, name) => {
      if (name) this.poke(String(name));
    });
    // inotify can drop events under load: a slow sweep catches up with anything missed.
    this.sweep = setInterval(() => void this.sweepOnce(), 1000);
  }

  /** Reads what is left in every file, then stops watching and removes the folder. */
  async stop(): Promise<void> {
    await this.sweepOnce();
    await Promise.all([...this.files.values()].map((f) => f.reading));
    this.stopped = true;
    this.watcher?.close();
    if (this.sweep) clearInterval(this.sweep);
    await rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
  }

  /** Every request of every session, in the order seen. */
  requests(filter: (r: SftpRequest) => boolean = () => true): SftpRequest[] {
    return this.sessions.flatMap((s) => s.requests.filter(filter)).sort((a, b) => a.at - b.at);
  }

  private async sweepOnce(): Promise<void> {
    if (this.stopped) return;
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const n of names) this.poke(n);
    await Promise.all([...this.files.values()].map((f) => f.reading));
  }

  private poke(name: string): void {
    if (this.stopped || !name.endsWith('.log')) return;
    let f = this.files.get(name);
    if (!f) this.files.set(name, (f = { offset: 0, partial: '', reading: null, again: false, since: null, current: null }));
    f.since ??= Date.now();
    if (f.reading) {
      f.again = true;
      return;
    }
    const file = f;
    file.reading = (async () => {
      do {
        file.again = false;
        // Lines read now were written at or after the first unread change was noticed.
        const stamp = file.since ?? Date.now();
        file.since = null;
        await this.readNew(name, file, stamp);
      } while (file.again && !this.stopped);
      file.reading = null;
    })().catch(() => {
      file.reading = null;
    });
  }

  private async readNew(name: string, f: { offset: number; partial: string; current: SftpSession | null }, stamp: number): Promise<void> {
    let fh: FileHandle | undefined;
    try {
      fh = await open(path.join(this.dir, name), 'r');
      const size = (await fh.stat()).size;
      if (size <= f.offset) return;
      const buf = Buffer.alloc(size - f.offset);
      const { bytesRead } = await fh.read(buf, 0, buf.length, f.offset);
      f.offset += bytesRead;
      const text = f.partial + buf.subarray(0, bytesRead).toString('utf8');
      const lines = text.split('\n');
      f.partial = lines.pop() ?? '';
      for (const raw of lines) this.onLine(name, f, raw.replace(/\r$/, ''), stamp);
    } finally {
      await fh?.close();
    }
  }

  private onLine(name: string, f: { current: SftpSession | null }, line: string, at: number): void {
    // A pid reused by a later session appends to the same file: "session opened" starts a new session.
    if (line.startsWith('session opened for local user') || !f.current) {
      f.current = { file: name, openedAt: at, requests: [] };
      this.byId.set(f.current, new Map());
      this.sessions.push(f.current);
      if (line.startsWith('session opened')) return;
    }
    const s = f.current;
    const ids = this.byId.get(s)!;
    const m = REQUEST_RE.exec(line);
    if (m) {
      const id = Number(m[1]);
      const rest = m[2]!;
      if (rest.startsWith('sent ')) {
        const r = ids.get(id);
        if (r) {
          r.doneAt ??= at;
          const d = /^sent data len (\d+)/.exec(rest);
          if (d) r.dataLen = Number(d[1]);
        }
        return;
      }
      if (ids.has(id)) return;
      const req: SftpRequest = { session: s, id, op: rest.split(/[\s"]/)[0] ?? rest, at };
      const read = READ_RE.exec(rest);
      if (read) Object.assign(req, { path: read[1], off: Number(read[2]), len: Number(read[3]) });
      else {
        const q = QUOTED_OP_RE.exec(rest);
        if (q) req.path = q[2];
      }
      s.requests.push(req);
      ids.set(id, req);
      this.attribute(s, req.path);
      return;
    }
    // The verbose line after a request names its path (`opendir "/x"`, `open "/x" flags READ ...`).
    const p = PATH_LINE_RE.exec(line);
    const last = s.requests.at(-1);
    if (p && last && last.path === undefined) {
      last.path = p[1];
      this.attribute(s, last.path);
    }
  }

  private attribute(s: SftpSession, p: string | undefined): void {
    if (s.server === undefined && p !== undefined) s.server = this.serverOf(p);
  }
}

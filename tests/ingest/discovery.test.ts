/**
 * The cheap check between full listings (src/ingest/discovery.ts RemoteTree): one round of stats per poll,
 * folders listed again only when their mtime says they changed (or while a same-second change could hide),
 * and, through a real sshd and jongodb, an idle poll that sends only that round and touches no database.
 */
import { appendFile, mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_LISTING_MS, RemoteTree, SETTLE_MS } from '../../src/ingest/discovery.js';
import { IngestEngine, type IngestTarget, type RemoteFiles } from '../../src/ingest/index.js';
import type { RemoteEntry, RemoteStat } from '../../src/sftp/index.js';
import { SftpPool } from '../../src/sftp/index.js';
import { generateKillfeed } from '../deadside/generate.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { countingRemote, diffStats, expectedStats, guildDef, IDS, restFor, silentLogger } from './helpers.js';

/** A scripted host: files and folders with the mtimes a test gives them (whole seconds, like SFTP). */
class ScriptedHost implements RemoteFiles {
  readonly files = new Map<string, { size: number; mtimeMs: number }>();
  readonly dirs = new Map<string, number>();
  readonly calls = { statMany: 0, list: 0, listed: [] as string[] };

  dir(p: string, mtimeMs: number): void {
    this.dirs.set(p, mtimeMs);
  }

  /** A file; its folder's mtime moves to `dirMtimeMs` (the second it was created in). */
  file(p: string, size: number, dirMtimeMs: number): void {
    this.files.set(p, { size, mtimeMs: dirMtimeMs });
    this.dirs.set(path.posix.dirname(p), dirMtimeMs);
  }

  list(_key: string, dir: string): Promise<RemoteEntry[]> {
    this.calls.list++;
    this.calls.listed.push(dir);
    const child = (p: string) => path.posix.dirname(p) === dir;
    return Promise.resolve([
      ...[...this.dirs].filter(([p]) => child(p)).map(([p, m]) => ({ name: path.posix.basename(p), type: 'dir' as const, size: 0, modifiedAt: new Date(m) })),
      ...[...this.files].filter(([p]) => child(p)).map(([p, f]) => ({ name: path.posix.basename(p), type: 'file' as const, size: f.size, modifiedAt: new Date(f.mtimeMs) })),
    ]);
  }

  statMany(_key: string, paths: readonly string[]): Promise<(RemoteStat | null)[]> {
    this.calls.statMany++;
    return Promise.resolve(
      paths.map((p) => {
        const f = this.files.get(p);
        if (f) return { type: 'file', size: f.size, modifiedAt: new Date(f.mtimeMs) };
        const d = this.dirs.get(p);
        return d === undefined ? null : { type: 'dir', size: 0, modifiedAt: new Date(d) };
      }),
    );
  }

  stat(): Promise<RemoteStat> {
    return Promise.reject(new Error('the tree uses statMany'));
  }

  readFrom(): never {
    throw new Error('the tree reads no file');
  }
}

const DL = 'srv/actual1/deathlogs';
const W0 = `${DL}/world_0`;
const LOG = 'srv/Logs/Deadside.log';
const csv = (dir: string, hh: number) => `${dir}/2025.05.01-${String(hh).padStart(2, '0')}.00.00.csv`;

function scripted() {
  const host = new ScriptedHost();
  host.dir(DL, 1_000);
  host.file(csv(W0, 0), 100, 2_000);
  host.file(LOG, 500, 2_000);
  let now = 100_000;
  const tree = new RemoteTree(host, 'k', { deathlogs: DL, serverLog: LOG }, () => now);
  const advance = (ms: number) => (now += ms);
  /** The first listing, and the one that settles its folders: checks are cheap from then on. */
  const settle = async () => {
    await tree.files();
    advance(5_000);
    await tree.files();
    advance(5_000);
  };
  return { host, tree, advance, settle };
}

describe('RemoteTree: a full listing, then one round of stats per poll', () => {
  it('lists once (and once more to settle), then makes one statMany and no listing per check', async () => {
    const { host, tree, advance } = scripted();
    let r = await tree.files();
    expect(r.listed).toBe(true);
    expect(r.files.map((f) => [f.path, f.size, f.final])).toEqual([
      [csv(W0, 0), 100, false],
      [LOG, 500, false],
    ]);
    advance(5_000);
    // The first listing's folders were seen in the same instant: listed again once, SETTLE_MS later.
    expect((await tree.files()).listed).toBe(true);
    const before = { ...host.calls };
    for (let i = 0; i < 5; i++) {
      advance(5_000);
      host.files.get(LOG)!.size += 10;
      r = await tree.files();
      expect(r.listed).toBe(false);
    }
    expect(host.calls.statMany - before.statMany).toBe(5);
    expect(host.calls.list - before.list).toBe(0);
    // The stats refresh the sizes of the files that grow.
    expect(r.files.find((f) => f.path === LOG)?.size).toBe(550);
  });

  it('lists a folder whose mtime changed: a new session CSV is found and the previous one becomes final', async () => {
    const { host, tree, settle } = scripted();
    await settle();
    host.file(csv(W0, 6), 40, 200_000);
    host.calls.listed.length = 0;
    const r = await tree.files();
    expect(host.calls.listed).toEqual([W0]);
    expect(r.files.map((f) => [f.path, f.final])).toEqual([
      [csv(W0, 0), true],
      [csv(W0, 6), false],
      [LOG, false],
    ]);
  });

  it('finds a file created in the same second as the last listing (same mtime) at the next check', async () => {
    const { host, tree, advance, settle } = scripted();
    await settle();
    host.file(csv(W0, 6), 40, 200_000);
    await tree.files(); // lists world_0: sees the 06 file, mtime 200 s first seen now
    // Created after that listing within the same second: the folder's mtime does not move.
    host.file(csv(W0, 7), 10, 200_000);
    advance(200); // the next check comes before the second has surely ended
    let r = await tree.files();
    expect(r.files.map((f) => f.path)).toContain(csv(W0, 7));
    advance(SETTLE_MS);
    host.calls.listed.length = 0;
    await tree.files(); // a listing SETTLE_MS after the mtime was first seen: settled
    expect(host.calls.listed).toEqual([W0]);
    advance(5_000);
    host.calls.listed.length = 0;
    r = await tree.files();
    expect(host.calls.listed).toEqual([]);
    expect(r.files.filter((f) => f.kind === 'killfeed').map((f) => f.final)).toEqual([true, true, false]);
  });

  it('takes a full listing when a world folder appears, when a live file vanishes, and every FULL_LISTING_MS', async () => {
    const { host, tree, advance, settle } = scripted();
    await settle();
    // A new world: deathlogs' mtime moves.
    host.file(csv(`${DL}/world_1`, 1), 70, 300_000);
    host.dir(DL, 300_000);
    let r = await tree.files();
    expect(r.listed).toBe(true);
    expect(r.files.map((f) => f.path)).toContain(csv(`${DL}/world_1`, 1));
    advance(5_000);
    await tree.files();
    advance(5_000);
    expect((await tree.files()).listed).toBe(false);
    // The newest CSV is deleted (its folder's mtime kept, to show the stat alone is enough).
    host.files.delete(csv(`${DL}/world_1`, 1));
    advance(5_000);
    r = await tree.files();
    expect(r.listed).toBe(true);
    expect(r.files.map((f) => f.path)).not.toContain(csv(`${DL}/world_1`, 1));
    // The safety net.
    advance(5_000);
    await tree.files();
    advance(5_000);
    expect((await tree.files()).listed).toBe(false);
    advance(FULL_LISTING_MS);
    expect((await tree.files()).listed).toBe(true);
  });

  it('notices Deadside.log appearing and disappearing without a listing', async () => {
    const { host, tree, advance } = scripted();
    host.files.delete(LOG);
    expect((await tree.files()).files.map((f) => f.path)).not.toContain(LOG);
    advance(5_000);
    await tree.files();
    advance(5_000);
    host.file(LOG, 20, 2_000);
    const r = await tree.files();
    expect(r.listed).toBe(false);
    expect(r.files.map((f) => f.path)).toContain(LOG);
  });
});

describe('an idle poll through sshd and jongodb', () => {
  let sshd: Sshd;
  let mongo: TestMongo;
  let double: DiscordDouble;
  let pool: SftpPool;
  let client: MongoClient;
  const commands: string[] = [];

  beforeAll(async () => {
    [sshd, mongo, double] = await Promise.all([
      startSshd(),
      startMongo(),
      DiscordDouble.start({ applicationId: IDS.app, botUserId: IDS.bot, token: 'test-token', guilds: [guildDef()] }),
    ]);
    pool = new SftpPool({ allowPrivate: true, logger: silentLogger });
    client = new MongoClient(mongo.uri, { monitorCommands: true });
    client.on('commandStarted', (e) => commands.push(e.commandName));
    await client.connect();
  });

  afterAll(async () => {
    await pool?.close();
    await client?.close();
    await Promise.all([sshd?.stop(), mongo?.stop(), double?.stop()]);
  });

  async function server(name: string, wrap: (r: RemoteFiles) => RemoteFiles = (r) => r) {
    const dir = path.join(sshd.root, name);
    const world0 = path.join(dir, 'actual1', 'deathlogs', 'world_0');
    await mkdir(world0, { recursive: true });
    await mkdir(path.join(dir, 'Logs'), { recursive: true });
    pool.setServer({ serverId: name, host: sshd.host, port: sshd.port, username: sshd.username, password: sshd.password, root: sshd.root, hostKeyFingerprint: sshd.hostKeyFingerprintSha256 });
    const counting = countingRemote(wrap(pool));
    // The engine's database calls go through the monitored client; the outbox sender is kept quiet.
    const engine = new IngestEngine({ db: client.db(mongo.db.databaseName), remote: counting.remote, rest: restFor(double.apiBase, double.token), logger: silentLogger, sender: { idleMs: 3_600_000 } });
    const target: IngestTarget = {
      guildId: IDS.guild,
      serverId: name,
      poolKey: name,
      settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null },
      channels: { killfeed: IDS.killfeed },
      paths: { deathlogs: `${name}/actual1/deathlogs`, serverLog: `${name}/Logs/Deadside.log` },
      pollSeconds: 3600,
    };
    engine.setTarget(target);
    await engine.start();
    return { engine, counting, world0, log: path.join(dir, 'Logs', 'Deadside.log') };
  }

  it('sends one round of stats, reads nothing and sends no database command', async () => {
    const s = await server('idle');
    const rows = generateKillfeed(20, 3).rows;
    await writeFile(path.join(s.world0, '2025.05.01-00.00.00.csv'), rows.map((r) => `${r.line}\n`).join(''));
    await writeFile(s.log, '[2025.05.01-00.00.00:000][  0]LogInit: Display: Running engine\n');
    expect(await s.engine.pollNow('idle')).toMatchObject({ ok: true, linesRead: 21, idle: false, listed: true });
    await new Promise((r) => setTimeout(r, SETTLE_MS + 100));
    expect(await s.engine.pollNow('idle')).toMatchObject({ ok: true, linesRead: 0, listed: true }); // settling
    s.counting.reset();
    commands.length = 0;
    const sent = pool.globalStats().requests;
    const report = await s.engine.pollNow('idle');
    expect(report).toMatchObject({ ok: true, linesRead: 0, idle: true, listed: false });
    expect(s.counting.counts).toMatchObject({ statMany: 1, list: 0, stat: 0, readFrom: 0 });
    // deathlogs, world_0, the newest CSV and Deadside.log: four SFTP requests, sent together.
    expect(pool.globalStats().requests - sent).toBe(4);
    expect(commands).toEqual([]);
    await s.engine.stop();
  });

  it('misses and doubles no line when the file grows between the check and the read', async () => {
    let grow: (() => Promise<void>) | null = null;
    // Appends right after the check's stats came back, before the read: the read sees more than the stat.
    const s = await server('race', (inner) => ({
      list: (k, p) => inner.list(k, p),
      stat: (k, p) => inner.stat(k, p),
      readFrom: (k, p, o, opts) => inner.readFrom(k, p, o, opts),
      statMany: async (k, p) => {
        const r = await inner.statMany(k, p);
        const g = grow;
        grow = null;
        await g?.();
        return r;
      },
    }));
    const rows = generateKillfeed(60, 5).rows;
    const bytes = Buffer.from(rows.map((r) => `${r.line}\n`).join(''));
    const file = path.join(s.world0, '2025.05.01-00.00.00.csv');
    await writeFile(file, bytes.subarray(0, 500));
    let lines = (await s.engine.pollNow('race')).linesRead;
    for (const cut of [1500, 2600, 4000, bytes.length]) {
      const at = (await stat(file)).size;
      await appendFile(file, bytes.subarray(at, at + Math.floor((cut - at) / 2)));
      grow = async () => {
        const now = (await stat(file)).size;
        await appendFile(file, bytes.subarray(now, cut));
      };
      lines += (await s.engine.pollNow('race')).linesRead;
    }
    lines += (await s.engine.pollNow('race')).linesRead;
    expect(lines).toBe(60);
    expect(await diffStats(client.db(mongo.db.databaseName), 'race', expectedStats(rows))).toEqual([]);
    await s.engine.stop();
  });
});

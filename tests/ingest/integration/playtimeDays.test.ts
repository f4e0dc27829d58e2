/**
 * Playtime per player per day through the real ingest path: two game servers' generated Deadside.logs
 * (joins, leaves, timeouts, restarts with players on) read over SFTP from a real sshd by the IngestEngine
 * into jongodb, in small batches, in a timezone 5:30 ahead of UTC. The first run dies right after
 * writing a batch's playtime and again after another batch's posts, both before their commits; a new
 * engine replays them. Every day, week, month and all-time document (per server and guild-wide) equals a
 * reference computed from the same lines, so nothing was added twice; no stats player document is made.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../src/i18n/translate.js';
import { IngestEngine, type IngestTarget } from '../../../src/ingest/index.js';
import { ingestCollections } from '../../../src/ingest/store.js';
import { calendarKey } from '../../../src/ingest/windows.js';
import { SftpPool } from '../../../src/sftp/index.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { startSshd, type Sshd } from '../../support/sshd.js';
import { IDS, restFor, silentLogger } from '../helpers.js';
import { generateLog, reference } from '../support/playtimeLog.js';
import { playtimeByDay, sessionsOf, type RefDay } from '../support/playtimeReference.js';

const ZONE = 'Asia/Kolkata';
const OFFSET = 5.5 * 3_600_000;
const SERVERS = { ptA: generateLog(11, 300), ptB: generateLog(12, 300) };
/** After the logs' last lines: every window is still kept. */
const NOW = new Date(Date.UTC(2025, 4, 18));

let sshd: Sshd;
let mongo: TestMongo;
let pool: SftpPool;

beforeAll(async () => {
  [sshd, mongo] = await Promise.all([startSshd(), startMongo()]);
  pool = new SftpPool({ allowPrivate: true, logger: silentLogger });
  for (const [id, lines] of Object.entries(SERVERS)) {
    const log = path.join(sshd.root, id, 'Logs', 'Deadside.log');
    await mkdir(path.dirname(log), { recursive: true });
    await writeFile(log, `${lines.join('\n')}\n`);
    pool.setServer({ serverId: id, host: sshd.host, port: sshd.port, username: sshd.username, password: sshd.password, root: sshd.root, hostKeyFingerprint: sshd.hostKeyFingerprintSha256 });
  }
}, 60_000);

afterAll(async () => {
  await pool?.close();
  await Promise.all([sshd?.stop(), mongo?.stop()]);
});

function engineFor(onStep?: (step: string) => void): IngestEngine {
  const t = translator({ locale: 'en-US', timezone: ZONE });
  const engine = new IngestEngine({
    db: mongo.db,
    remote: pool,
    rest: restFor('http://127.0.0.1:9/api', 'unused'),
    logger: silentLogger,
    batchLines: 40,
    textsOf: async () => t,
    now: () => NOW,
    ...(onStep ? { onStep } : {}),
  });
  for (const serverId of Object.keys(SERVERS)) {
    const target: IngestTarget = {
      guildId: IDS.guild,
      serverId,
      poolKey: serverId,
      settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null },
      channels: { connections: IDS.connections },
      paths: { serverLog: `${serverId}/Logs/Deadside.log` },
      pollSeconds: 3600,
    };
    engine.setTarget(target);
  }
  return engine;
}

/** The reference's documents: `<server>|<window>|<player>` → seconds and sessions, per server and summed as `*`. */
function expected(): Map<string, RefDay> {
  const out = new Map<string, RefDay>();
  const add = (key: string, r: RefDay) => {
    const e = out.get(key) ?? { seconds: 0, sessions: 0 };
    out.set(key, { seconds: e.seconds + r.seconds, sessions: e.sessions + r.sessions });
  };
  for (const [serverId, lines] of Object.entries(SERVERS)) {
    const days = playtimeByDay(sessionsOf(lines), OFFSET);
    // The reference's sessions agree with the leave posts' reference of the same lines.
    const totals = new Map([...days].filter(([k]) => k.endsWith('|all')).map(([k, v]) => [k.split('|')[0]!, v.seconds]));
    expect(totals).toEqual(reference(lines).totals);
    for (const [k, r] of days) {
      const [player, day] = k.split('|') as [string, string];
      for (const scope of [serverId, '*']) add(`${scope}|${day === 'all' ? 'all' : `d${day}`}|${player}`, r);
    }
  }
  return out;
}

describe('playtime per day through SFTP and the ingest engine', () => {
  it('equals a reference from the same lines, across two crashes and their replays', { timeout: 120_000 }, async () => {
    const crashes: string[] = [];
    let playtimeSteps = 0;
    let outboxSteps = 0;
    const first = engineFor((step) => {
      if (step === 'playtime' && ++playtimeSteps === 2) {
        crashes.push('after playtime');
        throw new Error('crash after the playtime write');
      }
      if (step === 'outbox' && ++outboxSteps === 5) {
        crashes.push('after outbox');
        throw new Error('crash after the outbox write');
      }
    });
    for (let i = 0; i < 6 && crashes.length < 2; i++) for (const id of Object.keys(SERVERS)) await first.pollNow(id);
    expect(crashes).toEqual(['after playtime', 'after outbox']);
    const cols = ingestCollections(mongo.db);
    const pendings = await cols.cursors.countDocuments({ pending: { $ne: null } });
    expect(pendings).toBeGreaterThan(0);
    await first.stop();

    const second = engineFor();
    for (let i = 0; i < 30; i++) {
      const reports = await Promise.all(Object.keys(SERVERS).map((id) => second.pollNow(id)));
      if (reports.some((r) => !r.ok)) throw new Error('poll failed');
      if (reports.every((r) => r.linesRead === 0) && (await cols.cursors.countDocuments({ pending: { $ne: null } })) === 0) break;
    }
    await second.stop();

    const docs = await cols.playtime.find({ guildId: IDS.guild }).toArray();
    const got = new Map(docs.filter((d) => d.window === 'all' || d.window.startsWith('d')).map((d) => [`${d.serverId}|${d.window}|${d.playerId}`, { seconds: d.seconds, sessions: d.sessions }]));
    const want = expected();
    expect(want.size).toBeGreaterThan(40);
    expect(got).toEqual(want);
    // Weeks and months are the sums of their days.
    for (const d of docs.filter((x) => x.window.startsWith('w') || x.window.startsWith('m'))) {
      const days = docs.filter((x) => x.serverId === d.serverId && x.playerId === d.playerId && x.window.startsWith('d'));
      const inIt = days.filter((x) => calendarKey(d.window.startsWith('w') ? 'week' : 'month', new Date(`${x.window.slice(1)}T12:00:00Z`), 'UTC') === d.window);
      expect(d.seconds).toBe(inIt.reduce((a, x) => a + x.seconds, 0));
    }
    // Names from the join lines; no stats player documents from sessions.
    expect(docs.find((d) => d.window === 'all')!.name).toMatch(/^P[0-9a-f]{2}$/);
    expect(await cols.stats.countDocuments({ type: 'player' })).toBe(0);
  });
});

/**
 * Play sessions from a generated Deadside.log through the real ingest path (in-memory game server →
 * IngestEngine → jongodb): the leave posts show each session's length and the cursor keeps the open
 * sessions, both equal to a reference computed from the same lines; a crash after the posts were
 * written and before the commit replays the batch, and every leave is posted once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FORMAT } from '../../../src/format/guildFormat.js';
import { IngestEngine } from '../../../src/ingest/index.js';
import { ingestCollections } from '../../../src/ingest/store.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { restFor, silentLogger } from '../helpers.js';
import { MemRemote } from '../memRemote.js';
import { generateLog, reference } from '../support/playtimeLog.js';

const GUILD = '1440000000000000100';
const CONNECTIONS = '1440000000000000111';
let mongo: TestMongo;

beforeAll(async () => {
  mongo = await startMongo();
});

afterAll(async () => {
  await mongo?.stop();
});

function engineFor(remote: MemRemote, onStep?: (step: string) => void): IngestEngine {
  const engine = new IngestEngine({ db: mongo.db, remote, rest: restFor('http://127.0.0.1:9/api', 'unused'), logger: silentLogger, ...(onStep ? { onStep } : {}) });
  engine.setTarget({
    guildId: GUILD,
    serverId: 'pt',
    poolKey: 'pt',
    settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null },
    channels: { connections: CONNECTIONS },
    paths: { serverLog: 'pt/Logs/Deadside.log' },
    pollSeconds: 3600,
  });
  return engine;
}

describe('playtime through the ingest engine', () => {
  it('posts each leave once with its session length, across a crash and a replay', async () => {
    const lines = generateLog(11, 400);
    const want = reference(lines);
    expect(want.leaves.filter((x) => x !== null).length).toBeGreaterThan(20);
    expect(lines.filter((l) => l.startsWith('Log file open')).length).toBeGreaterThan(2);
    const remote = new MemRemote();
    remote.put('pt/Logs/Deadside.log', `${lines.join('\n')}\n`);

    // The first run dies after writing its posts, before the commit.
    let crashed = false;
    const first = engineFor(remote, (step) => {
      if (step === 'outbox' && !crashed) {
        crashed = true;
        throw new Error('crash at outbox');
      }
    });
    expect((await first.pollNow('pt')).ok).toBe(false);
    expect(crashed).toBe(true);
    // A new engine (as after a restart) replays the journaled batch, then reads the rest.
    const second = engineFor(remote);
    for (let i = 0; i < 20; i++) if (!(await second.pollNow('pt')).ok) throw new Error('poll failed');

    const cols = ingestCollections(mongo.db);
    const posts = await cols.outbox.find({ guildId: GUILD, kind: 'connections' }).sort({ sortKey: 1 }).toArray();
    const embeds = posts.flatMap((p) => (p.body as { embeds: { title: string; description?: string }[] }).embeds);
    const leaves = embeds.filter((e) => e.title.endsWith(' left'));
    expect(leaves.map((e) => e.description ?? null)).toEqual(want.leaves.map((s) => (s === null ? null : `session ${DEFAULT_FORMAT.duration(s)}`)));
    const cursor = await cols.cursors.findOne({ _id: 'pt' });
    expect(new Map(Object.entries(cursor!.log.since ?? {}).map(([id, at]) => [id, Date.parse(at)]))).toEqual(want.open);
  });
});

/**
 * Posts for the guild's admin channel through the real ingest path (in-memory game server → IngestEngine
 * → jongodb): a flagged kill (the planted 900 m knife kill) and each Deadside.log kick become one outbox
 * message each for the admin channel, with the file and line or the reason; a batch replayed after a
 * crash posts nothing twice; a guild without an admin channel gets none; old events are not posted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestEngine, type OutboxMessage } from '../../../src/ingest/index.js';
import { ADMIN_POSTS_PER_BATCH } from '../../../src/ingest/adminItems.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { restFor, silentLogger } from '../helpers.js';
import { csvPath, MemRemote } from '../memRemote.js';
import { scripted, type PostedEmbed, type ScriptKill } from '../support/killScript.js';

const ADMIN_CHANNEL = '1700000000000000099';
let mongo: TestMongo;

beforeAll(async () => {
  mongo = await startMongo();
});

afterAll(async () => {
  await mongo?.stop();
});

const planted: ScriptKill[] = [
  { killer: 'Alpha', victim: 'Bravo', weapon: 'Combat Knife', distance: 9 },
  { killer: 'Alpha', victim: 'Charlie', weapon: 'Combat Knife', distance: 900 },
];
const toAdmins = async () => ({ channelId: ADMIN_CHANNEL, server: 'Main EU' });
const adminMessages = async (engine: IngestEngine, serverId: string) => (await engine.cols.outbox.find({ serverId, kind: 'admin' }).toArray()) as OutboxMessage[];
const embedsOf = (list: OutboxMessage[]) => list.flatMap((m) => (m.body.embeds as PostedEmbed[]) ?? []);

describe('admin channel posts', () => {
  it('posts a flagged kill once with its file and line, also when its batch is replayed after a crash', async () => {
    let armed = true;
    const s = await scripted(mongo.db, 'admin-flags', {
      adminPosts: toAdmins,
      onStep: (at) => {
        if (armed && at === 'outbox') {
          armed = false;
          throw new Error(`crash after ${at}`);
        }
      },
    });
    await expect(s.play(planted)).rejects.toThrow('crash after outbox');
    await s.poll();
    await s.poll();
    const messages = await adminMessages(s.engine, s.serverId);
    expect(messages.map((m) => m.channelId)).toEqual([ADMIN_CHANNEL]);
    const [post] = embedsOf(messages);
    expect(embedsOf(messages)).toHaveLength(1);
    expect(post!.title).toBe('🚩 Suspicious kill: Alpha → Charlie');
    expect(post!.description).toContain('Combat Knife · 900 m (max 10 m) · too far');
    expect(post!.description).toContain(`\`${csvPath(s.serverId)}:2\``);
    expect(post!.description).toContain('**Main EU**');
    // The kill post itself still went to the killfeed.
    expect((await s.messages()).length).toBeGreaterThan(0);
  });

  it(`posts at most ${ADMIN_POSTS_PER_BATCH} flagged kills of a batch, then one post saying how many more, also after a replay`, async () => {
    let armed = true;
    const s = await scripted(mongo.db, 'admin-flood', {
      adminPosts: toAdmins,
      onStep: (at) => {
        if (armed && at === 'outbox') {
          armed = false;
          throw new Error(`crash after ${at}`);
        }
      },
    });
    const flood: ScriptKill[] = Array.from({ length: ADMIN_POSTS_PER_BATCH + 7 }, (_, i) => ({ killer: `K${i}`, victim: `V${i}`, weapon: 'Combat Knife', distance: 500 + i }));
    await expect(s.play(flood)).rejects.toThrow('crash after outbox');
    await s.poll();
    const posts = embedsOf(await adminMessages(s.engine, s.serverId));
    expect(posts).toHaveLength(ADMIN_POSTS_PER_BATCH + 1);
    expect(posts.filter((p) => p.title?.startsWith('🚩 Suspicious kill'))).toHaveLength(ADMIN_POSTS_PER_BATCH);
    expect(posts.at(-1)!.title).toBe('➕ Not posted from this read: 7');
    // All of them are still kept for /flags.
    expect(await s.engine.cols.killEvents.countDocuments({ serverId: s.serverId, flagged: true })).toBe(ADMIN_POSTS_PER_BATCH + 7);
  });

  it('posts nothing where the guild has no admin channel', async () => {
    const s = await scripted(mongo.db, 'admin-none', { adminPosts: async () => null });
    await s.play(planted);
    expect(await adminMessages(s.engine, s.serverId)).toHaveLength(0);
    expect(await s.engine.cols.killEvents.countDocuments({ serverId: s.serverId, flagged: true })).toBe(1);
  });

  it('posts each kick with its reason once, and not the kicks older than the feeds show', async () => {
    const stamp = (d: Date) => d.toISOString().replace(/^(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)\.(\d+)Z$/, '$1.$2.$3-$4.$5.$6:$7');
    const now = new Date();
    const kick = (at: Date, login: string, id: string, why: string) => `[${stamp(at)}][  1]LogSFPS: Error: [ASFPSGameSession::KickPlayer] Login = ${login}, SteamId = |${id}, Msg = ${why}`;
    const lines = [
      kick(new Date(now.getTime() - 3 * 3600_000), 'Old Kick', 'c'.repeat(32), 'Long ago'),
      kick(new Date(now.getTime() - 60_000), 'Kicked One', 'a'.repeat(32), 'Kicked by admin'),
      kick(now, 'Kicked Two', 'b'.repeat(32), 'Ping too high'),
    ];
    const remote = new MemRemote();
    remote.put('adm/Logs/Deadside.log', `${lines.join('\n')}\n`);
    let armed = true;
    const engine = new IngestEngine({
      db: mongo.db,
      remote,
      rest: restFor('http://127.0.0.1:9/api', 'unused'),
      logger: silentLogger,
      adminPosts: toAdmins,
      onStep: (at) => {
        if (armed && at === 'outbox') {
          armed = false;
          throw new Error('crash');
        }
      },
    });
    // The feeds' default cutoff (30 minutes): the kick of three hours ago is kept in the audit log only.
    engine.setTarget({ guildId: 'g-adm', serverId: 'adm', poolKey: 'adm', settings: { showSuicides: true, killfeedDelaySeconds: 0 }, channels: {}, paths: { serverLog: 'adm/Logs/Deadside.log' }, pollSeconds: 3600 });
    expect((await engine.pollNow('adm')).ok).toBe(false);
    expect((await engine.pollNow('adm')).ok).toBe(true);
    await engine.pollNow('adm');
    const posts = embedsOf(await adminMessages(engine, 'adm'));
    expect(posts.map((p) => [p.title, p.description])).toEqual([
      ['👢 Kicked One was kicked', 'Reason: Kicked by admin\nServer: **Main EU**'],
      ['👢 Kicked Two was kicked', 'Reason: Ping too high\nServer: **Main EU**'],
    ]);
  });
});

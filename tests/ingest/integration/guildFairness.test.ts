/**
 * Fairness across guilds through the real pipeline (sshd → IngestEngine → jongodb → Discord double): a
 * guild with a big backlog of kills on two servers must not hold back another guild's single new kill.
 * Asserted on the order of POSTs at the double, never on timing.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { DiscordDouble } from '../../support/discord-double/index.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { startSshd, type Sshd } from '../../support/sshd.js';
import { generateKillfeed } from '../../deadside/generate.js';
import { SftpPool } from '../../../src/sftp/index.js';
import { IngestEngine, type IngestTarget } from '../../../src/ingest/index.js';
import { OUTBOX_CONCURRENCY } from '../../../src/ingest/outboxSender.js';
import { guildDef, IDS, restFor, silentLogger } from '../helpers.js';

const QUIET = { guild: '1200000000000000001', owner: '1200000000000000002', killfeed: '1200000000000000010' };
const FLOOD_ROWS = generateKillfeed(300, 41).rows;
const QUIET_ROW = generateKillfeed(1, 42).rows[0]!;

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let pool: SftpPool;

beforeAll(async () => {
  [sshd, mongo, double] = await Promise.all([
    startSshd({
      tree: async (root) => {
        const csv = async (server: string, text: string) => {
          const dir = path.join(root, server, 'actual1', 'deathlogs', 'world_0');
          await mkdir(dir, { recursive: true });
          await writeFile(path.join(dir, '2025.05.01-00.00.00.csv'), text);
        };
        const all = FLOOD_ROWS.map((r) => `${r.line}\n`).join('');
        await csv('flood1', all);
        await csv('flood2', all);
        await csv('quiet', `${QUIET_ROW.line}\n`);
      },
    }),
    startMongo(),
    DiscordDouble.start({
      applicationId: IDS.app,
      botUserId: IDS.bot,
      token: 'test-token',
      guilds: [
        guildDef(),
        {
          id: QUIET.guild,
          name: 'Quiet',
          ownerId: QUIET.owner,
          channels: [{ id: QUIET.killfeed, name: 'killfeed', type: 'text' }],
          members: [{ id: QUIET.owner, username: 'quiet-owner', manageGuild: true }],
        },
      ],
    }),
  ]);
  pool = new SftpPool({ allowPrivate: true, logger: silentLogger });
});

afterAll(async () => {
  await pool?.close();
  await Promise.all([sshd?.stop(), mongo?.stop(), double?.stop()]);
});

function target(serverId: string, guildId: string, killfeed: string): IngestTarget {
  pool.setServer({ serverId, host: sshd.host, port: sshd.port, username: sshd.username, password: sshd.password, root: sshd.root, hostKeyFingerprint: sshd.hostKeyFingerprintSha256 });
  return {
    guildId,
    serverId,
    poolKey: serverId,
    settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null },
    channels: { killfeed },
    paths: { deathlogs: `${serverId}/actual1/deathlogs` },
    pollSeconds: 3600,
  };
}

it("posts a quiet guild's kill before another guild's backlog is done, every message once", { timeout: 60_000 }, async () => {
  const engine = new IngestEngine({ db: mongo.db, remote: pool, rest: restFor(double.apiBase, double.token), logger: silentLogger, sender: { idleMs: 10 } });
  engine.setTarget(target('flood1', IDS.guild, IDS.killfeed));
  engine.setTarget(target('flood2', IDS.guild, IDS.events));
  engine.setTarget(target('quiet', QUIET.guild, QUIET.killfeed));
  // The flood's backlog is in the outbox first; the quiet kill comes after it. The sender starts with start().
  expect(await engine.pollNow('flood1')).toMatchObject({ ok: true, linesRead: 300 });
  expect(await engine.pollNow('flood2')).toMatchObject({ ok: true, linesRead: 300 });
  expect(await engine.pollNow('quiet')).toMatchObject({ ok: true, linesRead: 1 });
  const backlog = await engine.cols.outbox.countDocuments({ guildId: IDS.guild, sentAt: null });
  expect(backlog).toBeGreaterThanOrEqual(40);
  await engine.start();
  await vi.waitFor(async () => expect(await engine.cols.outbox.countDocuments({ sentAt: null })).toBe(0), { timeout: 30_000, interval: 25 });
  await engine.stop();

  const posts = double.requestsTo('POST', /\/channels\/\d+\/messages$/).map((p) => /\/channels\/(\d+)\//.exec(p.path)![1]!);
  const quietAt = posts.indexOf(QUIET.killfeed);
  const floodLast = Math.max(posts.lastIndexOf(IDS.killfeed), posts.lastIndexOf(IDS.events));
  // Served in the first turns (one per channel at once), long before the flood's last message.
  expect(quietAt).toBeGreaterThanOrEqual(0);
  expect(quietAt).toBeLessThan(OUTBOX_CONCURRENCY);
  expect(floodLast).toBeGreaterThan(backlog - 5);
  // Exactly once: each kill in one embed, one message per outbox document.
  const embeds = (ch: string) => double.channelMessages(ch).flatMap((m) => m.embeds ?? []);
  expect(embeds(IDS.killfeed)).toHaveLength(300);
  expect(embeds(IDS.events)).toHaveLength(300);
  expect(embeds(QUIET.killfeed)).toHaveLength(1);
  expect(posts).toHaveLength(backlog + 1);
  expect(double.schemaViolations).toEqual([]);
});

/**
 * One server's polls (src/ingest/serverIngestor.ts) on hostile input and under the poll clock, checked on
 * results, counts and logs (never timed): junk and malformed lines are logged once per batch, and a poll
 * stopped by its clock goes on where it stopped, every line once.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchApplier } from '../../src/ingest/batchApplier.js';
import { KEEP_READ_FILES } from '../../src/ingest/listingLimits.js';
import type { ServerStats } from '../../src/ingest/schemas.js';
import { ServerIngestor } from '../../src/ingest/serverIngestor.js';
import { serverDocId } from '../../src/ingest/statsModel.js';
import { ensureIngestIndexes, ingestCollections, type IngestCollections } from '../../src/ingest/store.js';
import type { PollReport, RemoteFiles } from '../../src/ingest/types.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { generateKillfeed } from '../deadside/generate.js';
import { silentLogger } from './helpers.js';
import { csvPath, kfText, MemRemote } from './memRemote.js';

/** A logger that keeps what it is given (pino writes one JSON line per call). */
function recordingLogger() {
  const logs: { level: number; msg: string; [k: string]: unknown }[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void logs.push(JSON.parse(s) as (typeof logs)[number]) });
  return { logger, logs, warns: (msg: string) => logs.filter((l) => l.level === 40 && l.msg === msg) };
}

let mongo: TestMongo;
let cols: IngestCollections;

beforeAll(async () => {
  mongo = await startMongo();
  cols = ingestCollections(mongo.db);
  await ensureIngestIndexes(cols);
});

afterAll(async () => {
  await mongo?.stop();
});

function ingestor(serverId: string, remote: RemoteFiles, logger = silentLogger, extra: { pollTimeMs?: number } = {}) {
  return new ServerIngestor(
    { guildId: 'g1', serverId, poolKey: serverId, channels: {}, paths: { deathlogs: `${serverId}/deathlogs` }, settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null } },
    { cols, remote, logger, applier: new BatchApplier(cols, logger), ...extra },
  );
}

const serverStats = async (serverId: string) => (await cols.stats.findOne({ _id: serverDocId(serverId) })) as ServerStats | null;

describe('junk and malformed lines are logged once per batch', () => {
  it('counts a NUL flood as junk and skips blank lines, with one warning per batch', { timeout: 60_000 }, async () => {
    const remote = new MemRemote();
    const rows = generateKillfeed(20, 61).rows;
    const junkLines = 64 * 1024;
    const csv = Buffer.concat([
      Buffer.from(kfText(rows.slice(0, 10))),
      Buffer.from('a\0'.repeat(junkLines)), // each `a\0` a line of its own (a NUL run ends a line)
      Buffer.from('\n'.repeat(100_000)), // the first `\n` ends the last junk line; then blank lines
      Buffer.from('\r\n  \n'),
      Buffer.from(kfText(rows.slice(10))),
    ]);
    remote.put(csvPath('junk'), csv);
    const rec = recordingLogger();
    const r = await ingestor('junk', remote, rec.logger).poll();
    expect(r).toMatchObject({ ok: true, more: false, malformed: junkLines, linesRead: 10 + junkLines + 100_000 - 1 + 2 + 10 });
    const junkWarns = rec.warns('junk lines skipped');
    expect(junkWarns.length).toBeGreaterThanOrEqual(1);
    expect(junkWarns.length).toBeLessThanOrEqual(3);
    expect(junkWarns.reduce((n, w) => n + (w.count as number), 0)).toBe(junkLines);
    expect(junkWarns[0]).toMatchObject({ firstOffset: Buffer.byteLength(kfText(rows.slice(0, 10))), withNul: expect.any(Number) });
    expect(rec.warns('malformed killfeed lines skipped')).toEqual([]); // blank lines are not malformed
    expect(rec.logs.filter((l) => l.level >= 40)).toHaveLength(junkWarns.length);
    expect((await serverStats('junk'))?.killfeedLines).toBe(20);
  });

  it('logs malformed killfeed lines once per batch with their count and first position', { timeout: 60_000 }, async () => {
    const remote = new MemRemote();
    const rows = generateKillfeed(5, 62).rows;
    const bad = Array.from({ length: 2500 }, (_, i) => `garbage line ${i}`);
    remote.put(csvPath('malformed'), `${kfText(rows)}${bad.join('\n')}\n`);
    const rec = recordingLogger();
    const r = await ingestor('malformed', remote, rec.logger).poll();
    expect(r).toMatchObject({ ok: true, malformed: 2500 });
    const warns = rec.warns('malformed killfeed lines skipped');
    expect(warns).toHaveLength(3); // batches of 1,000 lines: 995 + 1,000 + 505 malformed
    expect(warns.map((w) => w.count)).toEqual([995, 1000, 505]);
    expect(warns[0]).toMatchObject({ firstLine: 6, firstOffset: Buffer.byteLength(kfText(rows)), firstReason: expect.any(String) });
    expect((await serverStats('malformed'))?.killfeedLines).toBe(5);
  });
});

describe('the poll clock', () => {
  it('stops between tiny files and goes on with the next file at the next poll: each file read once', { timeout: 60_000 }, async () => {
    const remote = new MemRemote();
    const FILES = 25;
    const rows = generateKillfeed(FILES * 2, 63).rows;
    for (let i = 0; i < FILES; i++) remote.put(csvPath('tiny', i), kfText(rows.slice(i * 2, i * 2 + 2)));
    const ing = ingestor('tiny', remote, silentLogger, { pollTimeMs: 0 });
    const reports: PollReport[] = [];
    for (let i = 0; i < FILES + 5; i++) {
      const r = await ing.poll();
      reports.push(r);
      if (!r.more) break;
    }
    expect(reports.every((r) => r.ok)).toBe(true);
    expect(reports.at(-1)!.more).toBe(false);
    // The clock (0 ms) stops each poll after its first file: one file per poll.
    expect(reports).toHaveLength(FILES);
    expect(reports.slice(0, -1).every((r) => r.more && r.linesRead === 2)).toBe(true);
    expect(reports.reduce((n, r) => n + r.linesRead, 0)).toBe(FILES * 2);
    for (let i = 0; i < FILES; i++) expect(remote.reads.get(csvPath('tiny', i))).toBe(1);
    expect((await serverStats('tiny'))?.killfeedLines).toBe(FILES * 2);
    // Every file is read to its end: in the cursor (the newest few), or under its world's watermark.
    const cursor = await cols.cursors.findOne({ _id: 'tiny' });
    const mark = cursor?.worlds?.find((w) => w.dir === 'tiny/deathlogs/world_0')?.through ?? '';
    for (let i = 0; i < FILES; i++) {
      const p = csvPath('tiny', i);
      const e = cursor?.files.find((f) => f.path === p);
      expect(e ? e.offset === remote.files.get(p)!.data.length : p.split('/').at(-1)! <= mark).toBe(true);
    }
    expect(cursor!.files.length).toBeLessThanOrEqual(KEEP_READ_FILES + 1);
  });

  it('stops inside a file at a batch boundary and resumes there: every line once', { timeout: 60_000 }, async () => {
    const remote = new MemRemote();
    const rows = generateKillfeed(2500, 65).rows;
    remote.put(csvPath('clock'), kfText(rows));
    const ing = ingestor('clock', remote, silentLogger, { pollTimeMs: 0 });
    const reports: PollReport[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await ing.poll();
      reports.push(r);
      if (!r.more) break;
    }
    expect(reports.map((r) => [r.ok, r.linesRead, r.more])).toEqual([
      [true, 1000, true],
      [true, 1000, true],
      [true, 500, false],
    ]);
    expect((await serverStats('clock'))?.killfeedLines).toBe(2500);
  });
});

/** The last-poll status kept in memory and written for all servers at once (src/servers/pollStatus.ts). */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { GameServer } from '../../src/db/schemas.js';
import type { PollReport } from '../../src/ingest/index.js';
import { PollStatusBuffer, type StatusUpdate } from '../../src/servers/pollStatus.js';

const logger = pino({ level: 'silent' });

function report(serverId: string, ok: boolean, lines: number, at: Date, error: string | null = null): PollReport {
  return { guildId: 'g', serverId, at, ok, error, linesRead: lines, totalLines: 0, malformed: 0, durationMs: 1 };
}

function stored(id: string, status: Partial<GameServer['status']> = {}): GameServer {
  return { _id: id, status: { lastPollAt: null, lastError: 'old error', lastErrorAt: null, linesRead: 100, hostKeyMismatch: null, credentialsUnreadable: null, ...status } } as GameServer;
}

describe('PollStatusBuffer', () => {
  it('writes every server polled since the last flush in one call, nothing when nothing was polled', async () => {
    const writes: StatusUpdate[][] = [];
    const buf = new PollStatusBuffer({ recordPolls: (u) => Promise.resolve(void writes.push([...u])) }, logger);
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    buf.record(report('a', true, 3, t(1)));
    buf.record(report('a', true, 4, t(2)));
    buf.record(report('b', false, 0, t(3), 'connection refused'));
    buf.record(report('c', false, 0, t(4), 'timed out'));
    buf.record(report('c', true, 1, t(5)));
    await buf.flush();
    await buf.flush();
    expect(writes).toHaveLength(1);
    expect(writes[0]).toEqual([
      { guildId: 'g', serverId: 'a', lastPollAt: t(2), lines: 7, error: null },
      { guildId: 'g', serverId: 'b', lines: 0, error: { message: 'connection refused', at: t(3) } },
      { guildId: 'g', serverId: 'c', lastPollAt: t(5), lines: 1, error: null },
    ]);
  });

  it('writes a listing notice when it changes (so other machines show it), not at every poll', async () => {
    const writes: StatusUpdate[][] = [];
    const buf = new PollStatusBuffer({ recordPolls: (u) => Promise.resolve(void writes.push([...u])) }, logger);
    const at = new Date();
    const withNotice = (notice: string | null | undefined): PollReport => ({ ...report('a', true, 0, at), ...(notice !== undefined ? { notice } : {}) });
    buf.record(withNotice('40 world_N folders, only the 16 highest are read'));
    await buf.flush();
    buf.record(withNotice('40 world_N folders, only the 16 highest are read'));
    buf.record(withNotice(undefined));
    await buf.flush();
    buf.record(withNotice(null));
    await buf.flush();
    expect(writes.map((w) => w[0]?.notice)).toEqual(['40 world_N folders, only the 16 highest are read', undefined, null]);
    expect(buf.overlay(stored('a')).status.listingNotice).toBeUndefined();
  });

  it('shows what is not written yet on top of the stored document', () => {
    const buf = new PollStatusBuffer({ recordPolls: () => Promise.resolve() }, logger);
    const at = new Date();
    buf.record(report('a', true, 5, at));
    expect(buf.overlay(stored('a')).status).toMatchObject({ linesRead: 105, lastPollAt: at, lastError: null });
    buf.record(report('a', false, 0, at, 'permission denied'));
    expect(buf.overlay(stored('a')).status).toMatchObject({ linesRead: 105, lastError: 'permission denied', lastErrorAt: at });
    expect(buf.overlay(stored('other')).status.linesRead).toBe(100);
    expect(buf.overlay(null)).toBeNull();
    buf.forget('a');
    expect(buf.overlay(stored('a')).status.lastError).toBe('old error');
  });

  it('keeps a batch the database refused and writes it, merged with newer polls, next time', async () => {
    let fail = true;
    const writes: StatusUpdate[][] = [];
    const buf = new PollStatusBuffer(
      { recordPolls: (u) => (fail ? Promise.reject(new Error('database unreachable')) : Promise.resolve(void writes.push([...u]))) },
      logger,
    );
    const t1 = new Date(1000);
    const t2 = new Date(2000);
    buf.record(report('a', true, 2, t1));
    await buf.flush();
    expect(buf.overlay(stored('a')).status.linesRead).toBe(102);
    buf.record(report('a', false, 0, t2, 'timed out'));
    fail = false;
    await buf.flush();
    expect(writes).toEqual([[{ guildId: 'g', serverId: 'a', lastPollAt: t1, lines: 2, error: { message: 'timed out', at: t2 } }]]);
  });
});

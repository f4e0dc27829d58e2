import { describe, expect, it } from 'vitest';
import { gameServerSchema, type GameServer } from '../../src/db/schemas.js';
import { guildFormat } from '../../src/format/guildFormat.js';
import { applyProgress, backfillState, finishedText, progressText, runBackfill, type BackfillSource } from '../../src/servers/backfill.js';

const MB = 1024 * 1024;

describe('backfill progress', () => {
  const start = 1_000_000;
  const state = () =>
    backfillState(
      [
        { path: 'w0/a.csv', kind: 'killfeed', size: 10 * MB, offset: 10 * MB }, // read before
        { path: 'w0/b.csv', kind: 'killfeed', size: 20 * MB, offset: 0 },
        { path: 'Logs/Deadside.log', kind: 'serverLog', size: 10 * MB, offset: 0 },
      ],
      start,
    );

  it('shows files done, lines, rate and an ETA from the bytes still to read', () => {
    const s = state();
    const perFile = new Map<string, number>();
    applyProgress(s, { serverId: 'x', path: 'w0/b.csv', offset: 10 * MB, size: 20 * MB, lines: 50_000 }, perFile);
    // 10 MB read in 10 s → 1 MB/s; 20 MB left → 20 s.
    const text = progressText('EU One', s, start + 10_000);
    expect(text).toContain('`██████████░░░░░░░░░░` 50%');
    expect(text).toContain('Files 1/3 · 50,000 lines · 5,000 lines/s · ETA 0:20');
  });

  it('writes numbers the way the guild’s locale does', () => {
    const s = state();
    applyProgress(s, { serverId: 'x', path: 'w0/b.csv', offset: 10 * MB, size: 20 * MB, lines: 50_000 }, new Map());
    const text = progressText('EU One', s, start + 10_000, guildFormat({ locale: 'de', timezone: 'Europe/Berlin' }));
    expect(text).toContain('Files 1/3 · 50.000 lines · 5.000 lines/s · ETA 0:20');
  });

  it('sums lines per file and finishes at 100%', () => {
    const s = state();
    const perFile = new Map<string, number>();
    applyProgress(s, { serverId: 'x', path: 'w0/b.csv', offset: 10 * MB, size: 20 * MB, lines: 100 }, perFile);
    applyProgress(s, { serverId: 'x', path: 'w0/b.csv', offset: 20 * MB, size: 20 * MB, lines: 200 }, perFile);
    applyProgress(s, { serverId: 'x', path: 'Logs/Deadside.log', offset: 10 * MB, size: 10 * MB, lines: 30 }, perFile);
    expect(progressText('EU One', s, start + 1000)).toMatch(/100%\nFiles 3\/3 · 230 lines/);
    const done = finishedText('EU One', s, { guildId: 'g', serverId: 'x', at: new Date(), ok: true, error: null, linesRead: 230, totalLines: 900, malformed: 2, durationMs: 1 }, start + 65_000);
    expect(done).toMatch(/^✅ \*\*Backfill of EU One\*\* done in 1:05\./);
    expect(done).toContain('230 new lines · 900 lines read in all · 2 malformed lines skipped');
  });

  it('says what to do when the poll failed', () => {
    const text = finishedText('EU One', state(), { guildId: 'g', serverId: 'x', at: new Date(), ok: false, error: 'connection lost', linesRead: 0, totalLines: 0, malformed: 0, durationMs: 1 });
    expect(text).toMatch(/stopped: connection lost\. What was read so far is kept; run `\/server backfill` again/);
  });
});

describe('backfill refusals: the server’s mode says why it cannot run', () => {
  const AT = new Date('2026-01-01T00:00:00Z');
  const server = (over: { paused?: boolean; status?: Record<string, unknown>; fingerprint?: string | null }) =>
    gameServerSchema.parse({
      _id: 'abcd1234',
      guildId: '1700000000000000001',
      name: 'EU One',
      host: 'game.example.org',
      port: 22,
      username: 'u',
      password: { v: 1, kid: 'k', iv: 'aXY=', tag: 'dGFn', ct: 'Y3Q=' },
      hostKeyFingerprint: over.fingerprint === undefined ? 'SHA256:x' : over.fingerprint,
      settings: { paused: over.paused ?? false },
      status: over.status ?? {},
      createdBy: 'u',
      createdAt: AT,
      updatedAt: AT,
    });
  const polls: string[] = [];
  const source = (polled: boolean): BackfillSource => ({
    isPolled: () => polled,
    backlog: async () => [],
    pollNow: async (id) => (polls.push(id), { ok: true } as never),
    onProgress: () => () => undefined,
  });
  const refusal = (s: GameServer, polled = true) => runBackfill(source(polled), s, async () => undefined).then(() => 'ran', (err: Error) => err.message);

  it('refuses before any poll, with the reason of the mode', async () => {
    expect(await refusal(server({ status: { hostKeyMismatch: { presented: 'SHA256:y', at: AT } } }))).toMatch(/host key of \*\*EU One\*\* changed \(now SHA256:y\)/);
    // Never trusted, or its password unreadable: not polled (tests/e2e/legacy.test.ts reads this for a migrated server).
    expect(await refusal(server({ fingerprint: null }), false)).toMatch(/not being polled by the bot yet/);
    expect(await refusal(server({ status: { credentialsUnreadable: AT } }), false)).toMatch(/not being polled by the bot yet/);
    expect(await refusal(server({ status: { tierPaused: AT } }))).toMatch(/beyond your premium tier's server limit/);
    expect(await refusal(server({ paused: true }))).toMatch(/is paused; resume it/);
    expect(await refusal(server({}), false)).toMatch(/not being polled by the bot yet/);
    expect(polls).toEqual([]);
    expect(await refusal(server({}))).toBe('ran');
    expect(polls).toEqual(['abcd1234']);
  });
});

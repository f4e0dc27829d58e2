import { describe, expect, it } from 'vitest';
import { guildFormat } from '../../src/format/guildFormat.js';
import { applyProgress, backfillState, finishedText, progressText } from '../../src/servers/backfill.js';

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

/**
 * `/server backfill`: read everything not read yet — every historical killfeed CSV of a newly added
 * server — now, with a progress message. It is an ordinary poll of the engine (same per-server lock as
 * scheduled polls, batches committed one by one), so it never counts a line twice, and a backfill cut
 * short by a restart simply continues at the next poll or backfill.
 */
import type { BacklogFile, IngestProgress, PollReport } from '../ingest/index.js';
import { UserError } from '../errors.js';
import type { GameServer } from '../db/schemas.js';
import { DEFAULT_FORMAT, type GuildFormat } from '../format/guildFormat.js';
import { shownName } from '../discord/limits.js';
import { msg } from '../i18n/message.js';
import { ENGLISH, type Translator } from '../i18n/translate.js';
import { hostKeyBlockedError } from './refusals.js';
import { serverMode } from './mode.js';

/** What a backfill needs of the polling side (ServerPolling provides it). */
export interface BackfillSource {
  isPolled(serverId: string): boolean;
  backlog(serverId: string): Promise<BacklogFile[]>;
  pollNow(serverId: string): Promise<PollReport>;
  onProgress(serverId: string, listener: (p: IngestProgress) => void): () => void;
}

/** How often the progress message is edited (Discord edits are rate-limited per message). */
export const PROGRESS_EVERY_MS = 2_000;

export interface BackfillState {
  files: Map<string, { size: number; offset: number }>;
  startedAt: number;
  /** Bytes already read before this backfill began. */
  bytesBefore: number;
  lines: number;
}

export function backfillState(backlog: readonly BacklogFile[], now = Date.now()): BackfillState {
  const files = new Map(backlog.map((f) => [f.path, { size: f.size, offset: f.offset }]));
  return { files, startedAt: now, bytesBefore: backlog.reduce((a, f) => a + f.offset, 0), lines: 0 };
}

/** Folds a batch report into the state; `lines` counts lines per file, so it is summed per file. */
export function applyProgress(state: BackfillState, p: IngestProgress, linesPerFile: Map<string, number>): void {
  const f = state.files.get(p.path);
  if (f) f.offset = Math.max(f.offset, p.offset);
  else state.files.set(p.path, { size: p.size, offset: p.offset });
  linesPerFile.set(p.path, p.lines);
  state.lines = [...linesPerFile.values()].reduce((a, n) => a + n, 0);
}

function bar(fraction: number, width = 20): string {
  const full = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

/**
 * The progress message: bar, files done, lines, rate and time left, in `t`'s words; numbers and durations
 * in `format` (the translator's own, except in tests).
 */
export function progressText(name: string, state: BackfillState, now = Date.now(), format: GuildFormat = DEFAULT_FORMAT, t: Translator = ENGLISH): string {
  const files = [...state.files.values()];
  const total = files.reduce((a, f) => a + f.size, 0);
  const read = files.reduce((a, f) => a + Math.min(f.offset, f.size), 0);
  const done = files.filter((f) => f.offset >= f.size).length;
  const elapsed = Math.max(0.001, (now - state.startedAt) / 1000);
  const bytesRate = (read - state.bytesBefore) / elapsed;
  const eta = bytesRate > 0 ? format.duration((total - read) / bytesRate) : '…';
  const pct = total ? Math.floor((read / total) * 100) : 100;
  return [
    t.t('server.backfill.running', { name: shownName(name) }),
    `\`${bar(total ? read / total : 1)}\` ${pct}%`,
    t.t('server.backfill.progress', {
      done: String(done),
      files: String(files.length),
      lines: format.number(state.lines),
      rate: format.number(Math.round(state.lines / elapsed)),
      eta,
    }),
  ].join('\n');
}

export function finishedText(name: string, state: BackfillState, report: PollReport, now = Date.now(), format: GuildFormat = DEFAULT_FORMAT, t: Translator = ENGLISH): string {
  const elapsed = (now - state.startedAt) / 1000;
  if (!report.ok) {
    const error = report.error ? shownName(report.error, 300) : msg('server.backfill.unknownError');
    return t.t('server.backfill.stopped', { name: shownName(name), error });
  }
  const files = String(state.files.size);
  const counts = { files, lines: format.number(report.linesRead), total: format.number(report.totalLines) };
  return [
    t.t('server.backfill.done', { name: shownName(name), elapsed: format.duration(elapsed) }),
    `\`${bar(1)}\` 100%`,
    report.malformed ? t.t('server.backfill.summaryMalformed', { ...counts, malformed: format.number(report.malformed) }) : t.t('server.backfill.summary', counts),
  ].join('\n');
}

/** Runs the backfill, calling `show` with the progress text (in `t`'s words) at most every PROGRESS_EVERY_MS. */
export async function runBackfill(source: BackfillSource, server: GameServer, show: (text: string) => Promise<void>, t: Translator = ENGLISH): Promise<PollReport> {
  const name = shownName(server.name);
  // Its mode says why it is not polled. Untrusted or unreadable, or polled by another process (which holds
  // its lease): not polled here, which is what the admin is told.
  const { mode } = serverMode(server);
  if (mode === 'blocked') throw hostKeyBlockedError(server);
  if (mode === 'tierPaused') throw new UserError(msg('server.error.backfillTierPaused', { name }), 'premium');
  if (mode === 'paused') throw new UserError(msg('server.backfill.paused', { name }), 'validation');
  if (!source.isPolled(server._id)) throw new UserError(msg('server.backfill.notPolled', { name }), 'external');
  // Paused, removed or blocked by a host key change while the backfill runs: say so, not "error".
  const orStopped = (err: unknown): never => {
    if (!source.isPolled(server._id)) throw new UserError(msg('server.backfill.stoppedPolling', { name }), 'conflict');
    throw err;
  };
  const format = t.format;
  const state = backfillState(await source.backlog(server._id).catch(orStopped));
  const linesPerFile = new Map<string, number>();
  let last = 0;
  let showing: Promise<void> = Promise.resolve();
  const unsubscribe = source.onProgress(server._id, (p) => {
    applyProgress(state, p, linesPerFile);
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    showing = showing.then(() => show(progressText(server.name, state, now, format, t)));
  });
  try {
    await show(progressText(server.name, state, Date.now(), format, t));
    last = Date.now();
    const report = await source.pollNow(server._id).catch(orStopped);
    await showing;
    await show(finishedText(server.name, state, report, Date.now(), format, t));
    return report;
  } finally {
    unsubscribe();
  }
}

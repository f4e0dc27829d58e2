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

/** The progress message: bar, files done, lines, rate and time left. */
export function progressText(name: string, state: BackfillState, now = Date.now(), format: GuildFormat = DEFAULT_FORMAT): string {
  const files = [...state.files.values()];
  const total = files.reduce((a, f) => a + f.size, 0);
  const read = files.reduce((a, f) => a + Math.min(f.offset, f.size), 0);
  const done = files.filter((f) => f.offset >= f.size).length;
  const elapsed = Math.max(0.001, (now - state.startedAt) / 1000);
  const bytesRate = (read - state.bytesBefore) / elapsed;
  const eta = bytesRate > 0 ? format.duration((total - read) / bytesRate) : '…';
  const pct = total ? Math.floor((read / total) * 100) : 100;
  return [
    `⏳ **Backfill of ${shownName(name)}**`,
    `\`${bar(total ? read / total : 1)}\` ${pct}%`,
    `Files ${done}/${files.length} · ${format.number(state.lines)} lines · ${format.number(Math.round(state.lines / elapsed))} lines/s · ETA ${eta}`,
  ].join('\n');
}

export function finishedText(name: string, state: BackfillState, report: PollReport, now = Date.now(), format: GuildFormat = DEFAULT_FORMAT): string {
  const elapsed = (now - state.startedAt) / 1000;
  if (!report.ok) {
    return `⚠️ **Backfill of ${shownName(name)}** stopped: ${shownName(report.error ?? 'unknown error', 300)}. What was read so far is kept; run \`/server backfill\` again to continue.`;
  }
  return [
    `✅ **Backfill of ${shownName(name)}** done in ${format.duration(elapsed)}.`,
    `\`${bar(1)}\` 100%`,
    `Files ${state.files.size}/${state.files.size} · ${format.number(report.linesRead)} new lines · ${format.number(report.totalLines)} lines read in all${report.malformed ? ` · ${format.number(report.malformed)} malformed lines skipped` : ''}`,
  ].join('\n');
}

/** Runs the backfill, calling `show` with the progress text at most every PROGRESS_EVERY_MS. */
export async function runBackfill(source: BackfillSource, server: GameServer, show: (text: string) => Promise<void>, format: GuildFormat = DEFAULT_FORMAT): Promise<PollReport> {
  if (server.status.hostKeyMismatch) throw new UserError(`the host key of **${shownName(server.name)}** changed; check it with \`/server test\` first`, 'external');
  if (server.settings.paused) throw new UserError(`**${shownName(server.name)}** is paused; resume it with \`/server settings paused:False\` first`, 'validation');
  if (!source.isPolled(server._id)) throw new UserError(`**${shownName(server.name)}** is not being polled by the bot yet; try again in a minute`, 'external');
  // Paused, removed or blocked by a host key change while the backfill runs: say so, not "error".
  const orStopped = (err: unknown): never => {
    if (!source.isPolled(server._id)) throw new UserError(`**${shownName(server.name)}** stopped being polled meanwhile (paused, removed or its host key changed); see \`/server list\``, 'conflict');
    throw err;
  };
  const state = backfillState(await source.backlog(server._id).catch(orStopped));
  const linesPerFile = new Map<string, number>();
  let last = 0;
  let showing: Promise<void> = Promise.resolve();
  const unsubscribe = source.onProgress(server._id, (p) => {
    applyProgress(state, p, linesPerFile);
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    showing = showing.then(() => show(progressText(server.name, state, now, format)));
  });
  try {
    await show(progressText(server.name, state, Date.now(), format));
    last = Date.now();
    const report = await source.pollNow(server._id).catch(orStopped);
    await showing;
    await show(finishedText(server.name, state, report, Date.now(), format));
    return report;
  } finally {
    unsubscribe();
  }
}

/**
 * The Deadside.log generator against the parser, the player counter, the feed model and the regex model
 * of tests/ingest/helpers.ts: four independent readings of the same generated text must agree with what
 * the generator decided. Always runs (no ../shared needed).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PlayerCounter } from '../../src/deadside/playerCount.js';
import { parseServerLogLine } from '../../src/deadside/serverLog.js';
import { applyLogEvents, emptyLogState, type LogEventAt } from '../../src/ingest/logModel.js';
import { expectedLogFeed } from '../ingest/helpers.js';
import { FIXTURE_SOURCE, LOG_FIXTURE, generatedLogText } from './fixtures.js';
import { generateServerLog, type GeneratedServerLog } from '../deadside/generateLog.js';

function parseAll(log: GeneratedServerLog) {
  const counts: Record<string, number> = {};
  const failures: string[] = [];
  let nulls = 0;
  let frameless = 0;
  const events: LogEventAt[] = [];
  for (const [i, line] of log.lines.entries()) {
    const r = parseServerLogLine(line);
    if (r === null) {
      nulls++;
      continue;
    }
    if (!r.ok) {
      failures.push(`${i + 1}: ${r.reason}: ${line}`);
      continue;
    }
    counts[r.event.type] = (counts[r.event.type] ?? 0) + 1;
    if ('frame' in r.event && r.event.frame === null && r.event.timestamp !== null && r.event.type !== 'serverStart') frameless++;
    events.push({ event: r.event, eventId: `e${i}` });
  }
  return { counts, failures, nulls, frameless, events };
}

const nonZero = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([, n]) => n > 0));

describe('generateServerLog', () => {
  const log = generateServerLog({ seed: 3 });

  it('writes only lines the parser reads as intended: every event counted as the generator decided', () => {
    const p = parseAll(log);
    expect(p.failures).toEqual([]);
    expect(p.counts).toEqual(nonZero(log.counts));
    expect(p.nulls).toBe(log.noise);
    expect(log.lines.length).toBe(680);
  });

  it('covers every pattern of the spec: joins, leaves, queue, kicks, missions, airdrops, helicrash/trader/convoy, restart', () => {
    for (const [type, n] of Object.entries(log.counts)) expect(n, type).toBeGreaterThan(0);
    expect(log.joinForms.nameFirst).toBeGreaterThan(0);
    expect(log.joinForms.eosidFirst).toBeGreaterThan(0);
    expect(log.queuedWithPlatform).toBeGreaterThan(0);
    expect(log.kicks.withId + log.kicks.withoutId).toBe(log.counts.kick);
    expect(Object.values(log.gameplay).every((n) => n > 0)).toBe(true);
    expect(log.airdrops.Flying).toBe(log.airdrops.Dead);
    expect(log.framelessLines).toBeGreaterThan(0);
    expect(parseAll(log).frameless).toBeGreaterThan(0);
    const states = new Set(log.lines.flatMap((l) => /Mission GA_\w+ switched to (\w+)/.exec(l)?.[1] ?? []));
    expect([...states].sort()).toEqual(['COMPLETED', 'INITIAL', 'IN_PROGRESS', 'READY', 'WAITING']);
    expect(log.lines[0]).toMatch(/^Log file open, 05\/15\/25 00:00:00$/);
    expect(log.lines[1]).toContain('-playersmaxcount=60');
    // Unicode, apostrophes and spaces in names survive the join request (percent-encoded) and OnLogin.
    const names = new Set(parseAll(log).events.flatMap(({ event: e }) => (e.type === 'queued' || e.type === 'login' ? [e.name] : [])));
    expect([...names].some((n) => /\s/.test(n))).toBe(true);
    expect([...names].some((n) => [...n].some((c) => c.codePointAt(0)! > 0x7f))).toBe(true);
  });

  it('is deterministic per seed', () => {
    expect(generateServerLog({ seed: 3 }).text).toBe(log.text);
    expect(generateServerLog({ seed: 4 }).text).not.toBe(log.text);
  });

  it('gives the player counter the generator’s counts after every line', () => {
    const pc = new PlayerCounter();
    for (const [i, line] of log.lines.entries()) {
      const r = parseServerLogLine(line);
      if (r?.ok) pc.apply(r.event);
      expect(pc.snapshot(), `after line ${i + 1}: ${line}`).toEqual(log.snapshotAfter(i + 1));
    }
    expect(pc.snapshot()).toEqual(log.final);
    expect(log.final.online).toBeGreaterThan(0);
  });

  it('gives the feed model the generator’s announcements and connections', () => {
    const { items, snapshot } = applyLogEvents(emptyLogState(), parseAll(log).events);
    const events = items.filter((i) => i.kind === 'events').map((i) => ({ title: i.embed.title, at: i.embed.timestamp }));
    expect(events).toEqual(log.announcements.map((a) => ({ title: a.title, at: a.at.toISOString() })));
    const conn = items.filter((i) => i.kind === 'connections').map((i) => i.embed.title ?? '');
    expect(conn.filter((t) => t.endsWith(' joined'))).toHaveLength(log.joins);
    expect(conn.filter((t) => t.endsWith(' left'))).toHaveLength(log.leaves);
    expect(snapshot).toEqual(log.final);
  });

  it('agrees with the regex model the pipeline tests use', () => {
    expect(expectedLogFeed(log.text)).toEqual({ events: log.announcements.length, joins: log.joins, leaves: log.leaves, ...log.final });
  });

  it('restarts: each session opens the log again with its own -playersmaxcount and starts from nobody', () => {
    const multi = generateServerLog({ seed: 9, maxPlayers: [60, 40, 80], linesPerSession: 250 });
    expect(multi.sessions.map((s) => s.maxPlayers)).toEqual([60, 40, 80]);
    expect(multi.counts.serverStart).toBe(3);
    expect(multi.counts.maxPlayers).toBe(3);
    expect(parseAll(multi).failures).toEqual([]);
    for (const [k, s] of multi.sessions.entries()) {
      expect(multi.lines[s.firstLine]).toMatch(/^Log file open, \d\d\/\d\d\/\d\d \d\d:\d\d:\d\d$/);
      expect(multi.lines[s.firstLine + 1]).toContain(`-playersmaxcount=${s.maxPlayers} `);
      expect(multi.snapshotAfter(s.firstLine + 1)).toEqual({ online: 0, queued: 0, max: k === 0 ? null : multi.sessions[k - 1]!.maxPlayers });
      if (k > 0) expect(s.startedAt.getTime()).toBeGreaterThan(multi.sessions[k - 1]!.startedAt.getTime());
    }
    const pc = new PlayerCounter();
    for (const l of multi.lines) {
      const r = parseServerLogLine(l);
      if (r?.ok) pc.apply(r.event);
    }
    expect(pc.snapshot()).toEqual({ online: multi.sessions[2]!.online, queued: multi.sessions[2]!.queued, max: 80 });
    expect(expectedLogFeed(multi.text)).toMatchObject({ events: multi.announcements.length, ...multi.final });
    expect(multi.announcements.filter((a) => a.title === 'Server restarted')).toHaveLength(3);
  });
});

describe('the Deadside.log the tests use (LOG_FIXTURE)', () => {
  it(`is ${FIXTURE_SOURCE.log === 'shared' ? 'the real reconstruction from ../shared' : 'the generated stand-in'} and fits the pipeline tests`, () => {
    const text = readFileSync(LOG_FIXTURE, 'utf8');
    if (FIXTURE_SOURCE.log === 'generated') expect(text).toBe(generatedLogText());
    const lines = text.split('\n');
    // tests/ingest/engine.test.ts reads the first 340 lines, then the rest, then a restart made of
    // a new header + lines.slice(2): one session whose count changes between the two halves.
    expect(lines.length).toBeGreaterThan(340);
    expect(lines[0]).toMatch(/^Log file open, /);
    expect(lines[1]).toContain('-playersmaxcount=');
    expect(lines.slice(2).some((l) => l.startsWith('Log file open') || l.includes('-playersmaxcount='))).toBe(false);
    const half = expectedLogFeed(`${lines.slice(0, 340).join('\n')}\n`);
    const full = expectedLogFeed(text);
    expect([half.online, half.queued]).not.toEqual([full.online, full.queued]);
    expect(text).not.toMatch(/\[2025\.05\.15-23\.59/);
  });

  it('the generated stand-in is the generator’s single default session', () => {
    const gen = generateServerLog({ seed: 7020 });
    expect(gen.text).toBe(generatedLogText());
    expect(gen.sessions).toHaveLength(1);
    expect(gen.final.max).toBe(60);
  });
});

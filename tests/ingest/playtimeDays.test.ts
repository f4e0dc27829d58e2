/** Playtime per day and window (src/ingest/playtimeDays.ts): sessions split at the guild's local midnights. */
import { describe, expect, it } from 'vitest';
import { MAX_SESSION_DAYS, PLAYTIME_ALL, playtimeAdds, playtimeExpiry, splitByDay } from '../../src/ingest/playtimeDays.js';
import { sessionSeconds } from '../../src/ingest/playtimeSessions.js';

const ID = 'a'.repeat(32);
const at = (iso: string) => new Date(iso);
const session = (start: string, end: string, name: string | null = 'Ann') => ({ eosId: ID, start: at(start), end: at(end), name });
const UTC = { timeZone: 'UTC', seasonId: null, seasonStartedAt: null };
const NOW = at('2025-05-20T00:00:00Z');

describe('splitByDay', () => {
  it('keeps a session inside one day whole', () => {
    expect(splitByDay(session('2025-05-15T10:00:00Z', '2025-05-15T11:30:00Z'), 'UTC')).toEqual([{ day: '2025-05-15', start: at('2025-05-15T10:00:00Z'), seconds: 5400 }]);
  });

  it('splits at midnight in UTC, the pieces adding up to the session', () => {
    const s = session('2025-05-15T23:00:00.400Z', '2025-05-16T01:00:00.900Z');
    const pieces = splitByDay(s, 'UTC');
    expect(pieces.map((p) => [p.day, p.start.toISOString()])).toEqual([
      ['2025-05-15', '2025-05-15T23:00:00.400Z'],
      ['2025-05-16', '2025-05-16T00:00:00.000Z'],
    ]);
    expect(pieces[0]!.seconds).toBe(3600); // 3599.6 s, rounded from the start
    expect(pieces.reduce((a, p) => a + p.seconds, 0)).toBe(sessionSeconds(s));
  });

  it("splits at the guild's midnight, not UTC's", () => {
    // 21:30 UTC is 23:30 in Berlin (CEST): the local day ends 22:00 UTC.
    const pieces = splitByDay(session('2025-05-15T21:30:00Z', '2025-05-15T23:00:00Z'), 'Europe/Berlin');
    expect(pieces).toEqual([
      { day: '2025-05-15', start: at('2025-05-15T21:30:00Z'), seconds: 1800 },
      { day: '2025-05-16', start: at('2025-05-15T22:00:00Z'), seconds: 3600 },
    ]);
    expect(splitByDay(session('2025-05-15T21:30:00Z', '2025-05-15T23:00:00Z'), 'UTC')).toHaveLength(1);
  });

  it('gets days right across a DST change (a 23-hour local day)', () => {
    // Europe/Berlin 2025-03-30 lasts 23 hours: from 2025-03-29T23:00Z to 2025-03-30T22:00Z.
    const pieces = splitByDay(session('2025-03-29T22:00:00Z', '2025-03-31T00:00:00Z'), 'Europe/Berlin');
    expect(pieces.map((p) => [p.day, p.seconds])).toEqual([
      ['2025-03-29', 3600],
      ['2025-03-30', 23 * 3600],
      ['2025-03-31', 2 * 3600],
    ]);
  });

  it('splits a session of several days into each day, and bounds an absurd one', () => {
    expect(splitByDay(session('2025-05-01T12:00:00Z', '2025-05-04T12:00:00Z'), 'UTC').map((p) => p.seconds)).toEqual([43200, 86400, 86400, 43200]);
    const years = splitByDay(session('2020-01-01T00:00:00Z', '2025-01-01T00:00:00Z'), 'UTC');
    expect(years).toHaveLength(MAX_SESSION_DAYS);
    expect(years.reduce((a, p) => a + p.seconds, 0)).toBe(sessionSeconds(session('2020-01-01T00:00:00Z', '2025-01-01T00:00:00Z')));
  });

  it('gives a zero-length session one piece of zero', () => {
    expect(splitByDay(session('2025-05-15T10:00:00Z', '2025-05-15T10:00:00Z'), 'UTC')).toEqual([{ day: '2025-05-15', start: at('2025-05-15T10:00:00Z'), seconds: 0 }]);
  });
});

describe('playtimeAdds', () => {
  it('adds each piece to its day, week and month, and the session to all time, counting a session once per document', () => {
    const adds = playtimeAdds([session('2025-05-15T23:00:00Z', '2025-05-16T01:00:00Z'), session('2025-05-16T10:00:00Z', '2025-05-16T10:30:00Z', 'Ann2')], UTC, NOW);
    const by = Object.fromEntries(adds.map((a) => [a.key, [a.seconds, a.sessions]]));
    expect(by).toEqual({
      [PLAYTIME_ALL]: [9000, 2],
      'd2025-05-15': [3600, 1],
      'd2025-05-16': [5400, 2],
      'w2025-W20': [9000, 2],
      'm2025-05': [9000, 2],
    });
    // The latest name logged for each document.
    expect(adds.map((a) => [a.key, a.name])).toContainEqual(['d2025-05-15', 'Ann']);
    expect(adds.filter((a) => a.name === 'Ann2').map((a) => a.key).sort()).toEqual([PLAYTIME_ALL, 'd2025-05-16', 'm2025-05', 'w2025-W20']);
    expect(adds.find((a) => a.key === PLAYTIME_ALL)!.expireAt).toBeNull();
    expect(adds.find((a) => a.key === 'd2025-05-16')!.expireAt).toEqual(new Date(Date.parse('2025-05-16T10:00:00Z') + 400 * 86_400_000));
  });

  it('counts in the season only from its start, and leaves out windows already past their retention', () => {
    const ctx = { timeZone: 'UTC', seasonId: '3', seasonStartedAt: at('2025-05-16T00:30:00Z') };
    const adds = playtimeAdds([session('2025-05-15T23:00:00Z', '2025-05-16T01:00:00Z')], ctx, at('2025-05-20T00:00:00Z'));
    expect(adds.find((a) => a.key === 's3')).toMatchObject({ seconds: 1800, sessions: 1 });
    // Ten weeks later the week's and month's documents would be deleted at once; days and all time stay.
    const late = playtimeAdds([session('2025-05-15T23:00:00Z', '2025-05-16T01:00:00Z')], UTC, at('2025-07-25T00:00:00Z'));
    expect(late.map((a) => a.key).sort()).toEqual([PLAYTIME_ALL, 'd2025-05-15', 'd2025-05-16']);
    expect(playtimeExpiry('w2025-W20', at('2025-05-15T00:00:00Z'))).toEqual(at('2025-06-05T00:00:00Z'));
  });
});

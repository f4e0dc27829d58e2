/**
 * Time windows through the real ingest path (in-memory game server → IngestEngine → jongodb): every
 * window document equals a reference computed here, independently, from the same generated kills —
 * across a DST change (Europe/Berlin, 2025-10-26), an ISO week and a month boundary, two servers summed
 * guild-wide, a batch replayed after a crash at each window step, and a season started mid-way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../src/i18n/translate.js';
import type { WindowPlayer } from '../../../src/ingest/windowDocs.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { player, scripted, type ScriptKill } from '../support/killScript.js';

let mongo: TestMongo;
beforeAll(async () => {
  mongo = await startMongo();
});
afterAll(async () => {
  await mongo?.stop();
});

const TZ = 'Europe/Berlin';
const berlin = async () => translator({ locale: 'en', timezone: TZ });
/** The tests' "now", in the middle of the generated kills: every window of theirs is inside its retention. */
const NOW = new Date(Date.UTC(2025, 9, 30, 12));
/** Days a window of each kind is kept after the event (the product's retention, restated for the reference). */
const KEPT_DAYS: Record<string, number> = { d: 8, w: 21, m: 62, s: 400 };
const kept = (key: string, at: number, now = NOW) => at + KEPT_DAYS[key[0]!]! * 86_400_000 > now.getTime();

/** A seeded generator, so a failure replays. */
function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** Kills between 2025-10-24 and 2025-11-02 (local), crossing the DST end, a week and a month. */
function generated(n: number, seed: number): ScriptKill[] {
  const r = rng(seed);
  const names = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'];
  const start = Date.UTC(2025, 9, 24, 20);
  const out: ScriptKill[] = [];
  let at = start;
  for (let i = 0; i < n; i++) {
    at += Math.floor(r() * 5 * 3600) * 1000; // up to 5 h apart: some days see several kills, midnights get crossed
    const killer = names[Math.floor(r() * names.length)]!;
    const victim = names[Math.floor(r() * names.length)]!;
    out.push({ killer, victim, distance: Math.floor(r() * 400), at });
  }
  return out;
}

/** The reference: local calendar date by Intl, ISO week counted by walking days from a known Monday. */
function localDate(ms: number): string {
  return new Date(ms).toLocaleDateString('sv-SE', { timeZone: TZ });
}
function isoWeekRef(date: string): string {
  // 2024-12-30 is the Monday of ISO week 2025-W01; every 7 days from there is one more week.
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse('2024-12-30T00:00:00Z')) / 86_400_000);
  return `w2025-W${String(Math.floor(days / 7) + 1).padStart(2, '0')}`;
}
interface Ref {
  kills: number;
  deaths: number;
  suicides: number;
  best: number;
  streak: number;
  longest: number;
}
function reference(kills: readonly ScriptKill[], keysOf: (k: ScriptKill) => string[]): Map<string, Ref> {
  const ref = new Map<string, Ref>();
  const get = (key: string, name: string) => {
    const id = `${key}|${player(name).id}`;
    if (!ref.has(id)) ref.set(id, { kills: 0, deaths: 0, suicides: 0, best: 0, streak: 0, longest: 0 });
    return ref.get(id)!;
  };
  for (const k of kills) {
    for (const key of keysOf(k)) {
      const v = get(key, k.victim);
      v.streak = 0;
      if (k.killer === k.victim) {
        v.suicides++;
        continue;
      }
      v.deaths++;
      const a = get(key, k.killer);
      a.kills++;
      a.streak++;
      a.best = Math.max(a.best, a.streak);
      a.longest = Math.max(a.longest, k.distance ?? 0);
    }
  }
  return ref;
}
const calendarKeys = (k: ScriptKill) => {
  const d = localDate(k.at!);
  return [`d${d}`, isoWeekRef(d), `m${d.slice(0, 7)}`].filter((key) => kept(key, k.at!));
};

function asRef(docs: readonly WindowPlayer[]): Map<string, Ref> {
  return new Map(docs.map((d) => [`${d.window}|${d.playerId}`, { kills: d.kills, deaths: d.deaths, suicides: d.suicidesTotal, best: d.bestStreak, streak: d.streak, longest: d.longestKill?.distance ?? 0 }]));
}

describe('time windows', () => {
  it('count each kill in its day, ISO week and month in the guild’s timezone, across a DST change', async () => {
    const kills = generated(120, 7);
    // The generator crosses the change: local days 2025-10-25, -26 (25 h long) and -27 all hold kills.
    const days = new Set(kills.map((k) => localDate(k.at!)));
    expect([...days]).toEqual(expect.arrayContaining(['2025-10-25', '2025-10-26', '2025-10-27', '2025-11-01']));
    const s = await scripted(mongo.db, 'win-dst', { textsOf: berlin, now: () => NOW });
    for (let i = 0; i < kills.length; i += 25) await s.play(kills.slice(i, i + 25));
    const docs = await s.engine.cols.windows.find({ serverId: 'win-dst' }).toArray();
    expect(asRef(docs)).toEqual(reference(kills, calendarKeys));
    // The 25-hour day of the change has its own documents.
    expect(docs.some((d) => d.window === 'd2025-10-26')).toBe(true);
    // Sunday 2025-10-26 is the last day of W43; the week after starts on Monday.
    expect(docs.some((d) => d.window === 'w2025-W43')).toBe(true);
    expect(docs.some((d) => d.window === 'w2025-W44')).toBe(true);
  });

  it('sum two servers into the guild-wide windows', async () => {
    const a = generated(40, 11);
    const b = generated(40, 12);
    const one = await scripted(mongo.db, 'win-a', { guildId: 'g-two', textsOf: berlin, now: () => NOW });
    const two = await scripted(mongo.db, 'win-b', { guildId: 'g-two', textsOf: berlin, now: () => NOW });
    await one.play(a);
    await two.play(b);
    const guild = await one.engine.cols.windows.find({ guildId: 'g-two', serverId: '*' }).toArray();
    const ra = reference(a, calendarKeys);
    const rb = reference(b, calendarKeys);
    const sum = new Map<string, { kills: number; deaths: number; best: number }>();
    for (const [k, v] of [...ra, ...rb]) {
      const cur = sum.get(k) ?? { kills: 0, deaths: 0, best: 0 };
      sum.set(k, { kills: cur.kills + v.kills, deaths: cur.deaths + v.deaths, best: Math.max(cur.best, v.best) });
    }
    expect(new Map(guild.map((d) => [`${d.window}|${d.playerId}`, { kills: d.kills, deaths: d.deaths, best: d.bestStreak }]))).toEqual(sum);
  });

  for (const step of ['facts', 'stats', 'guild', 'windows']) {
    it(`count a batch once when the bot dies after the "${step}" step and replays it`, async () => {
      const kills = generated(30, 21);
      let armed = true;
      const s = await scripted(mongo.db, `win-crash-${step}`, {
        textsOf: berlin,
        now: () => NOW,
        onStep: (at) => {
          if (armed && at === step) {
            armed = false;
            throw new Error(`crash after ${at}`);
          }
        },
      });
      await expect(s.play(kills)).rejects.toThrow();
      await s.poll();
      const docs = await s.engine.cols.windows.find({ serverId: s.serverId }).toArray();
      expect(asRef(docs)).toEqual(reference(kills, calendarKeys));
    });
  }

  it('count a season from its start only, and leave windows past their retention out', async () => {
    const kills = generated(60, 31);
    const startedAt = new Date(kills[30]!.at!);
    const s = await scripted(mongo.db, 'win-season', { textsOf: berlin, now: () => NOW, seasonOf: async () => ({ id: '3', startedAt }) });
    await s.play(kills);
    const season = await s.engine.cols.windows.find({ serverId: 'win-season', window: 's3' }).toArray();
    const ref = reference(kills, (k) => (k.at! >= startedAt.getTime() ? ['s3'] : []));
    expect(asRef(season)).toEqual(ref);
    // A month later the days are past their retention: a replayed old file writes no day documents.
    const later = await scripted(mongo.db, 'win-old', { textsOf: berlin, now: () => new Date(NOW.getTime() + 40 * 86_400_000) });
    await later.play(kills.slice(0, 10));
    const windows = new Set((await later.engine.cols.windows.find({ serverId: 'win-old' }).toArray()).map((d) => d.window[0]));
    expect(windows).toEqual(new Set(['m']));
  });
});

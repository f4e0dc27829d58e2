/**
 * Synthetic killfeed generator for tests. It decides each row's meaning first (kind, suicide kind,
 * roadkill, field count...) and writes the CSV text from that decision, so the expected values and
 * totals are known independently of the parser under test.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const NAMES = [
  'LankDank42',
  'OGz Shogun',
  "O'Neil",
  "Woodcutter's Son",
  'Żółw Ninja',
  'Ærøskøbing Ål',
  '李小龙',
  'Дмитрий',
  'игрок 7',
  'émile-zola.',
  'Dr. Strange (Love)',
  'A Baked Joetato',
  'x_X_x',
  '[TTV] Gymaddiction!',
  'name with  two  spaces',
  '🎮 pad-lord',
  'comma,guy',
  'quote"man',
  'tab-free #1',
  'KT93141',
] as const;

export const GUNS = ['IZH-43', 'BB-19', 'MR5', 'AK-SU', 'Mosin-K', 'Folding Knife', "Woodcutter's Axe", 'Sawed-Off Shotgun', 'M99'];
export const OTHER_SELF = ['F-10', 'R-5', 'Dynamite'];
const PLATFORMS = ['PS5', 'XSX', 'PC', ''] as const;

export type GenKind = 'kill' | 'suicide' | 'death';
export type GenSuicideKind = 'menu' | 'fall' | 'vehicle' | 'other';

export interface ExpectedRow {
  line: string;
  fieldCount: 7 | 9;
  timestampRaw: string;
  timestampMs: number;
  kind: GenKind;
  suicideKind?: GenSuicideKind;
  roadkill: boolean;
  killer: { name: string; id: string; platform?: string } | null;
  victim: { name: string; id: string; platform?: string };
  weapon: string;
  distance: number;
}

export interface ExpectedTotals {
  rows: number;
  sevenField: number;
  nineField: number;
  kills: number;
  roadkills: number;
  suicides: Record<GenSuicideKind, number>;
  deaths: number;
  distinctPlayers: number;
  decimalDistances: number;
  /** Sum of distances in centimetres (integers: no float drift). */
  distanceCm: number;
}

export interface MalformedLine {
  line: string;
  /** A substring the parser's reason must contain. */
  reason: string;
}

export interface GeneratedKillfeed {
  rows: ExpectedRow[];
  totals: ExpectedTotals;
  malformed: MalformedLine[];
}

function hexId(r: () => number): string {
  let s = '';
  for (let i = 0; i < 32; i++) s += '0123456789abcdef'[Math.floor(r() * 16)];
  return s;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Generate `count` valid rows (plus a fixed list of malformed lines). */
export function generateKillfeed(count: number, seed = 1): GeneratedKillfeed {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const players = NAMES.map((name) => ({ name, id: hexId(r) }));
  const rows: ExpectedRow[] = [];
  const totals: ExpectedTotals = {
    rows: 0,
    sevenField: 0,
    nineField: 0,
    kills: 0,
    roadkills: 0,
    suicides: { menu: 0, fall: 0, vehicle: 0, other: 0 },
    deaths: 0,
    distinctPlayers: 0,
    decimalDistances: 0,
    distanceCm: 0,
  };
  const seen = new Set<string>();
  // Start 2025-03-30 22:00 UTC and walk forward (crosses month end, and the 9-field era is independent).
  let t = Date.UTC(2025, 2, 30, 22, 0, 0);

  for (let i = 0; i < count; i++) {
    t += Math.floor(r() * 400) * 1000;
    const d = new Date(t);
    const ts = `${d.getUTCFullYear()}.${pad2(d.getUTCMonth() + 1)}.${pad2(d.getUTCDate())}-${pad2(d.getUTCHours())}.${pad2(d.getUTCMinutes())}.${pad2(d.getUTCSeconds())}`;
    const nine = r() < 0.5;
    const victim = pick(players);
    const roll = r();
    let kind: GenKind;
    let suicideKind: GenSuicideKind | undefined;
    let roadkill = false;
    let killer: { name: string; id: string } | null;
    let weapon: string;
    let distanceText: string;
    let distanceCm: number;
    if (roll < 0.08) {
      kind = 'death';
      killer = null;
      weapon = r() < 0.7 ? '' : 'falling';
      distanceText = '1';
      distanceCm = 100;
    } else if (roll < 0.4) {
      kind = 'suicide';
      killer = victim;
      const s = r();
      if (s < 0.35) {
        suicideKind = 'menu';
        weapon = 'suicide_by_relocation';
      } else if (s < 0.6) {
        suicideKind = 'fall';
        weapon = 'falling';
      } else if (s < 0.8) {
        suicideKind = 'vehicle';
        weapon = r() < 0.5 ? 'land_vehicle' : 'boat';
      } else {
        suicideKind = 'other';
        weapon = pick(OTHER_SELF);
      }
      distanceText = '0';
      distanceCm = 0;
    } else {
      kind = 'kill';
      do killer = pick(players);
      while (killer.id === victim.id);
      if (r() < 0.1) {
        roadkill = true;
        weapon = r() < 0.7 ? 'land_vehicle' : 'boat';
      } else {
        weapon = pick(GUNS);
      }
      if (r() < 0.3) {
        const whole = Math.floor(r() * 400);
        const frac = 1 + Math.floor(r() * 99); // 1..99 cm, never a trailing-zero-only fraction
        distanceText = `${whole}.${pad2(frac)}`;
        distanceCm = whole * 100 + frac;
        totals.decimalDistances++;
      } else {
        const whole = Math.floor(r() * 900);
        distanceText = String(whole);
        distanceCm = whole * 100;
      }
    }

    let kp = '';
    let vp = '';
    if (nine) {
      vp = pick(PLATFORMS);
      kp = killer === null ? '' : pick(PLATFORMS);
    }
    let line = `${ts};${killer?.name ?? ''};${killer?.id ?? ''};${victim.name};${victim.id};${weapon};${distanceText};`;
    if (nine) line += `${kp};${vp};`;

    const row: ExpectedRow = {
      line,
      fieldCount: nine ? 9 : 7,
      timestampRaw: ts,
      timestampMs: t,
      kind,
      roadkill,
      killer: killer === null ? null : { name: killer.name, id: killer.id, ...(kp ? { platform: kp } : {}) },
      victim: { name: victim.name, id: victim.id, ...(vp ? { platform: vp } : {}) },
      weapon,
      distance: distanceCm / 100,
    };
    if (suicideKind !== undefined) row.suicideKind = suicideKind;
    rows.push(row);

    totals.rows++;
    if (nine) totals.nineField++;
    else totals.sevenField++;
    if (kind === 'kill') totals.kills++;
    if (roadkill) totals.roadkills++;
    if (kind === 'death') totals.deaths++;
    if (suicideKind !== undefined) totals.suicides[suicideKind]++;
    totals.distanceCm += distanceCm;
    seen.add(victim.id);
    if (killer) seen.add(killer.id);
  }
  totals.distinctPlayers = seen.size;

  const A = players[0]!;
  const B = players[2]!;
  const ts = '2025.03.27-10.42.18';
  const malformed: MalformedLine[] = [
    { line: '', reason: 'empty line' },
    { line: `${ts};${A.name};${A.id};${B.name};`, reason: 'expected 7 or 9 fields, got 4' },
    { line: `${ts};${A.name};${A.id};${B.name};${B.id};AK;1;PS5;`, reason: 'expected 7 or 9 fields, got 8' },
    { line: `${ts};${A.name};${A.id};${B.name};${B.id};AK;1;PS5;PS5;x;`, reason: 'expected 7 or 9 fields, got 10' },
    { line: `${ts};${A.name};${A.id};${B.name};${B.id};AK;1`, reason: "does not end with ';'" },
    { line: `${ts};${A.name};${A.id.toUpperCase()};${B.name};${B.id};AK;1;`, reason: 'killer id is not a 32-char hex id' },
    { line: `${ts};${A.name};${A.id.slice(1)};${B.name};${B.id};AK;1;`, reason: 'killer id is not a 32-char hex id' },
    { line: `${ts};${A.name};${A.id};${B.name};${B.id}0;AK;1;`, reason: 'victim id is not a 32-char hex id' },
    { line: `${ts};;;${B.name};;;1;`, reason: 'victim id is not a 32-char hex id' },
    { line: `${ts};${A.name};;${B.name};${B.id};AK;1;`, reason: 'killer name present but killer id is empty' },
    { line: `2025-03-27 10:42:18;${A.name};${A.id};${B.name};${B.id};AK;1;`, reason: 'timestamp' },
    { line: `2025.13.27-10.42.18;${A.name};${A.id};${B.name};${B.id};AK;1;`, reason: 'timestamp' },
    { line: `2025.02.29-10.42.18;${A.name};${A.id};${B.name};${B.id};AK;1;`, reason: 'timestamp' },
    { line: `2025.03.27-24.42.18;${A.name};${A.id};${B.name};${B.id};AK;1;`, reason: 'timestamp' },
    { line: `${ts};${A.name};${A.id};${B.name};${B.id};AK;abc;`, reason: 'distance is not a number' },
    { line: `${ts};${A.name};${A.id};${B.name};${B.id};AK;;`, reason: 'distance is not a number' },
    { line: `${ts};${A.name};${A.id};${B.name};${B.id};AK;1.2.3;`, reason: 'distance is not a number' },
    { line: `${ts};${A.name};${A.id};${B.name};${B.id};AK;-5;`, reason: 'distance is not a number' },
    { line: `${ts};${A.name};${A.id};${B.name};${B.id};AK;12.;`, reason: 'distance is not a number' },
    { line: `${ts};${A.name};${A.id};${B.name};${B.id};AK;1;P S5;PS5;`, reason: 'killer platform' },
    { line: `${ts};${A.name};${A.id};${B.name};${B.id};AK;1;PS5;X-S;`, reason: 'victim platform' },
    { line: `${ts};;;${B.name};${B.id};;1;PS5;PS5;`, reason: 'killer platform present but killer is empty' },
  ];
  return { rows, totals, malformed };
}

/** Join rows into file text. */
export function toFileText(rows: readonly { line: string }[], opts: { crlf?: boolean; bom?: boolean } = {}): string {
  const nl = opts.crlf ? '\r\n' : '\n';
  return (opts.bom ? '\uFEFF' : '') + rows.map((x) => x.line + nl).join('');
}

/** `YYYY.MM.DD-HH.MM.SS` in UTC, as Deadside stamps killfeed rows. */
export function killfeedStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}.${p(d.getUTCMonth() + 1)}.${p(d.getUTCDate())}-${p(d.getUTCHours())}.${p(d.getUTCMinutes())}.${p(d.getUTCSeconds())}`;
}

/**
 * Generated rows restamped into the recent past: the first `ageMs` ago, one every `spacingMs`, at whole
 * seconds (as Deadside writes them), so the bot treats them as live (recent enough to post).
 */
export function recentKillfeed(count: number, seed: number, opts: { ageMs: number; spacingMs: number }): ExpectedRow[] {
  const base = Math.floor(Date.now() / 1000) * 1000 - opts.ageMs;
  return generateKillfeed(count, seed).rows.map((r, i) => {
    const ms = base + i * opts.spacingMs;
    return { ...r, timestampMs: ms, timestampRaw: killfeedStamp(ms), line: killfeedStamp(ms) + r.line.slice(19) };
  });
}

/** Writes killfeed files (paths relative to `deathlogs`), one row per line. */
export async function writeKillfeedFiles(deathlogs: string, files: ReadonlyArray<readonly [string, readonly ExpectedRow[]]>): Promise<void> {
  for (const [f, part] of files) {
    await mkdir(path.dirname(path.join(deathlogs, f)), { recursive: true });
    await writeFile(path.join(deathlogs, f), part.map((r) => `${r.line}\n`).join(''));
  }
}

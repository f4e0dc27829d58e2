import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKillfeedLine, parseKillfeedLineSlow, suicideKindOf, type KillEvent } from '../../src/deadside/killfeed.js';
import { splitAll } from '../../src/deadside/lineSplitter.js';
import { SHARED_DIR, sharedFixture } from '../support/fixtures.js';
import { generateKillfeed, rng, toFileText, type ExpectedRow } from './generate.js';

/** The real killfeed CSVs from ../shared, when present: an extra on top of the generated rows tested above. */
const KILLFEED_DIR = sharedFixture('deadside/killfeed');

function parseOk(line: string): KillEvent {
  const r = parseKillfeedLine(line);
  if (!r.ok) throw new Error(`unexpected parse failure: ${r.reason} for ${JSON.stringify(line)}`);
  return r.event;
}

function expectRow(ev: KillEvent, row: ExpectedRow): void {
  expect(ev.kind).toBe(row.kind);
  expect(ev.fieldCount).toBe(row.fieldCount);
  expect(ev.timestampRaw).toBe(row.timestampRaw);
  expect(ev.timestamp.getTime()).toBe(row.timestampMs);
  expect(ev.killer).toEqual(row.killer);
  expect(ev.victim).toEqual(row.victim);
  expect(ev.weapon).toBe(row.weapon);
  expect(ev.distance).toBe(row.distance);
  expect(ev.roadkill).toBe(row.roadkill);
  if (ev.kind === 'suicide') expect(ev.suicideKind).toBe(row.suicideKind);
  else expect(row.suicideKind).toBeUndefined();
}

describe('parseKillfeedLine: spec examples', () => {
  it('parses a 7-field kill', () => {
    const ev = parseOk(
      '2025.03.27-10.42.18;LankDank42;000209660add4ab488f3c1e30e386dcc;MRG_Lazar_;000277fe717347e39fa0a80e0266d7d0;Folding Knife;1;',
    );
    expect(ev).toEqual({
      kind: 'kill',
      timestamp: new Date('2025-03-27T10:42:18.000Z'),
      timestampRaw: '2025.03.27-10.42.18',
      killer: { name: 'LankDank42', id: '000209660add4ab488f3c1e30e386dcc' },
      victim: { name: 'MRG_Lazar_', id: '000277fe717347e39fa0a80e0266d7d0' },
      weapon: 'Folding Knife',
      distance: 1,
      fieldCount: 7,
      roadkill: false,
    });
  });

  it('parses a 7-field fall suicide', () => {
    const ev = parseOk(
      '2025.03.27-11.03.04;jackwatson7;00020c7f310c4c038176133e8b2f329b;jackwatson7;00020c7f310c4c038176133e8b2f329b;falling;0;',
    );
    expect(ev.kind).toBe('suicide');
    if (ev.kind !== 'suicide') return;
    expect(ev.suicideKind).toBe('fall');
    expect(ev.killer.id).toBe(ev.victim.id);
  });

  it('parses a 9-field kill with platforms', () => {
    const ev = parseOk(
      '2025.05.01-00.07.23;HallagerTheDane;00024d4be1e44ba0aa342b39b0fb9937;KT93141;00022ba2df89427c8a252ab6be1df3f3;M99;152;PS5;XSX;',
    );
    expect(ev.kind).toBe('kill');
    expect(ev.killer).toEqual({ name: 'HallagerTheDane', id: '00024d4be1e44ba0aa342b39b0fb9937', platform: 'PS5' });
    expect(ev.victim).toEqual({ name: 'KT93141', id: '00022ba2df89427c8a252ab6be1df3f3', platform: 'XSX' });
    expect(ev.distance).toBe(152);
    expect(ev.fieldCount).toBe(9);
  });

  it('parses a 9-field menu suicide', () => {
    const ev = parseOk(
      '2025.05.15-00.59.45;Fatalben0;0002548521ba4271a497e39d5bfe5611;Fatalben0;0002548521ba4271a497e39d5bfe5611;suicide_by_relocation;0;XSX;XSX;',
    );
    expect(ev.kind === 'suicide' && ev.suicideKind).toBe('menu');
  });

  it('parses an empty killer as a death with no killer', () => {
    const ev = parseOk('2025.05.15-17.59.41;;;Name;0002c5cf68fd4c0bb7f272ce796dbdd5;;1;;XSX;');
    expect(ev.kind).toBe('death');
    expect(ev.killer).toBeNull();
    expect(ev.victim).toEqual({ name: 'Name', id: '0002c5cf68fd4c0bb7f272ce796dbdd5', platform: 'XSX' });
    expect(ev.weapon).toBe('');
    expect(ev.distance).toBe(1);
  });

  it('flags roadkills between two players and vehicle suicides', () => {
    const a = '00020c7f310c4c038176133e8b2f329b';
    const b = '000277fe717347e39fa0a80e0266d7d0';
    const road = parseOk(`2025.03.27-11.03.04;A;${a};B;${b};land_vehicle;3;`);
    expect(road.kind === 'kill' && road.roadkill).toBe(true);
    const boat = parseOk(`2025.03.27-11.03.04;A;${a};B;${b};boat;3;`);
    expect(boat.roadkill).toBe(true);
    const self = parseOk(`2025.03.27-11.03.04;A;${a};A;${a};land_vehicle;0;`);
    expect(self.kind === 'suicide' && self.suicideKind).toBe('vehicle');
    expect(self.roadkill).toBe(false);
    expect(suicideKindOf('F-10')).toBe('other');
  });

  it('handles CRLF, BOM, decimals and unusual names', () => {
    const ev = parseOk(
      "\uFEFF2025.03.27-10.42.18;O'Neil der Große 🎮;000209660add4ab488f3c1e30e386dcc;李小龙 (x);000277fe717347e39fa0a80e0266d7d0;Woodcutter's Axe;12.75;PC;;\r",
    );
    expect(ev.killer?.name).toBe("O'Neil der Große 🎮");
    expect(ev.victim.name).toBe('李小龙 (x)');
    expect(ev.victim.platform).toBeUndefined();
    expect(ev.killer?.platform).toBe('PC');
    expect(ev.weapon).toBe("Woodcutter's Axe");
    expect(ev.distance).toBe(12.75);
    expect(ev.timestampRaw).toBe('2025.03.27-10.42.18');
  });

  it('accepts an unknown alphanumeric platform token as-is', () => {
    const ev = parseOk(
      '2025.05.01-00.07.23;A;00024d4be1e44ba0aa342b39b0fb9937;B;00022ba2df89427c8a252ab6be1df3f3;M99;152;XB1;PS5;',
    );
    expect(ev.killer?.platform).toBe('XB1');
  });
});

describe('parseKillfeedLine: generated fixture', () => {
  const gen = generateKillfeed(5000, 42);

  it('covers every case the generator can produce', () => {
    const t = gen.totals;
    expect(t.sevenField).toBeGreaterThan(0);
    expect(t.nineField).toBeGreaterThan(0);
    expect(t.kills).toBeGreaterThan(0);
    expect(t.roadkills).toBeGreaterThan(0);
    expect(t.deaths).toBeGreaterThan(0);
    expect(t.decimalDistances).toBeGreaterThan(0);
    for (const k of ['menu', 'fall', 'vehicle', 'other'] as const) expect(t.suicides[k]).toBeGreaterThan(0);
  });

  it('parses every generated row to exactly the generated meaning', () => {
    for (const row of gen.rows) expectRow(parseOk(row.line), row);
  });

  it('matches the generator totals through a CRLF + BOM file split into lines', () => {
    const text = toFileText(gen.rows, { crlf: true, bom: true });
    const lines = splitAll(Buffer.from(text, 'utf8'));
    expect(lines).toHaveLength(gen.totals.rows);
    const totals = { kills: 0, roadkills: 0, deaths: 0, seven: 0, nine: 0, cm: 0, suicides: { menu: 0, fall: 0, vehicle: 0, other: 0 } };
    const players = new Set<string>();
    for (const l of lines) {
      const ev = parseOk(l.text);
      if (ev.kind === 'kill') totals.kills++;
      if (ev.kind === 'death') totals.deaths++;
      if (ev.kind === 'suicide') totals.suicides[ev.suicideKind]++;
      if (ev.roadkill) totals.roadkills++;
      if (ev.fieldCount === 7) totals.seven++;
      else totals.nine++;
      totals.cm += Math.round(ev.distance * 100);
      players.add(ev.victim.id);
      if (ev.killer) players.add(ev.killer.id);
    }
    expect(totals).toEqual({
      kills: gen.totals.kills,
      roadkills: gen.totals.roadkills,
      deaths: gen.totals.deaths,
      seven: gen.totals.sevenField,
      nine: gen.totals.nineField,
      cm: gen.totals.distanceCm,
      suicides: gen.totals.suicides,
    });
    expect(players.size).toBe(gen.totals.distinctPlayers);
  });

  it('rejects every malformed line with the expected reason', () => {
    expect(gen.malformed.length).toBeGreaterThan(15);
    for (const m of gen.malformed) {
      const r = parseKillfeedLine(m.line);
      expect(r.ok, JSON.stringify(m.line)).toBe(false);
      if (!r.ok) expect(r.reason, JSON.stringify(m.line)).toContain(m.reason);
    }
  });

  it('reports the field count in the reason', () => {
    expect(parseKillfeedLine('2025.03.27-10.42.18;a;b;c;')).toEqual({ ok: false, reason: 'expected 7 or 9 fields, got 4' });
  });
});

describe('fast path and slow path agree', () => {
  const gen = generateKillfeed(2000, 9);
  const lines = [...gen.rows.map((r) => r.line), ...gen.malformed.map((m) => m.line)];

  it('on generated and malformed lines, with CR and BOM variants', () => {
    for (const l of lines) {
      for (const v of [l, `${l}\r`, `\uFEFF${l}`, `${l}\n`]) expect(parseKillfeedLine(v), v).toEqual(parseKillfeedLineSlow(v));
    }
  });

  it('on randomly mutated lines (fuzz)', () => {
    const r = rng(3);
    const alphabet = [';', 'a', 'A', 'f', 'g', '0', '9', '.', '-', '\r', ' ', 'é', 'P', 'S', '5', 'X', 'C', ''];
    let rejected = 0;
    for (let n = 0; n < 20000; n++) {
      let l = lines[Math.floor(r() * gen.rows.length)]!;
      const edits = 1 + Math.floor(r() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(r() * l.length);
        const ch = alphabet[Math.floor(r() * alphabet.length)]!;
        l = r() < 0.5 ? l.slice(0, at) + ch + l.slice(at + 1) : l.slice(0, at) + ch + l.slice(at);
      }
      const fast = parseKillfeedLine(l);
      expect(fast, JSON.stringify(l)).toEqual(parseKillfeedLineSlow(l));
      if (!fast.ok) rejected++;
    }
    expect(rejected).toBeGreaterThan(1000); // the fuzz does reach the error paths
  });
});

describe('parseKillfeedLine: real killfeed files', () => {
  if (KILLFEED_DIR === null) {
    it.skip(`real fixtures absent: ${SHARED_DIR}/fixtures/deadside/killfeed not found (an extra where present)`, () => {});
    return;
  }
  const files = readdirSync(KILLFEED_DIR)
    .filter((f) => f.endsWith('.csv'))
    .sort();

  /** Independent reference computation: plain split, no shared code with the parser. */
  function reference(text: string) {
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.length > 0);
    const r = { rows: 0, seven: 0, nine: 0, kills: 0, roadkills: 0, deaths: 0, menu: 0, fall: 0, vehicle: 0, other: 0 };
    const players = new Set<string>();
    for (const l of lines) {
      const f = l.split(';');
      const nf = f.length - 1; // trailing ';' leaves an empty last element
      r.rows++;
      if (nf === 7) r.seven++;
      if (nf === 9) r.nine++;
      const [, , kid, , vid, weapon] = f;
      players.add(vid!);
      if (kid === '') r.deaths++;
      else {
        players.add(kid!);
        if (kid === vid) {
          if (weapon === 'suicide_by_relocation') r.menu++;
          else if (weapon === 'falling') r.fall++;
          else if (weapon === 'land_vehicle' || weapon === 'boat') r.vehicle++;
          else r.other++;
        } else {
          r.kills++;
          if (weapon === 'land_vehicle' || weapon === 'boat') r.roadkills++;
        }
      }
    }
    return { ...r, players: players.size };
  }

  function viaParser(buf: Buffer) {
    const r = { rows: 0, seven: 0, nine: 0, kills: 0, roadkills: 0, deaths: 0, menu: 0, fall: 0, vehicle: 0, other: 0 };
    const players = new Set<string>();
    const failures: string[] = [];
    for (const l of splitAll(buf)) {
      const res = parseKillfeedLine(l.text);
      if (!res.ok) {
        failures.push(`${l.lineNumber}: ${res.reason}`);
        continue;
      }
      const ev = res.event;
      r.rows++;
      if (ev.fieldCount === 7) r.seven++;
      else r.nine++;
      players.add(ev.victim.id);
      if (ev.killer) players.add(ev.killer.id);
      if (ev.kind === 'death') r.deaths++;
      else if (ev.kind === 'kill') {
        r.kills++;
        if (ev.roadkill) r.roadkills++;
      } else r[ev.suicideKind]++;
    }
    return { totals: { ...r, players: players.size }, failures };
  }

  it('finds the real files', () => {
    expect(files).toEqual(['2025.03.27-00.00.00.csv', '2025.05.01-00.00.00.csv']);
  });

  for (const f of files) {
    it(`parses ${f} with totals equal to an independent split-based count`, () => {
      const buf = readFileSync(path.join(KILLFEED_DIR, f));
      const { totals, failures } = viaParser(buf);
      expect(failures).toEqual([]);
      expect(totals).toEqual(reference(buf.toString('utf8')));
    });
  }

  it('matches totals counted with awk when the fixtures were added', () => {
    const march = viaParser(readFileSync(path.join(KILLFEED_DIR, '2025.03.27-00.00.00.csv'))).totals;
    expect(march).toEqual({
      rows: 1112, seven: 1112, nine: 0, kills: 914, roadkills: 10, deaths: 2,
      menu: 131, fall: 58, vehicle: 0, other: 7, players: 342,
    });
    const may = viaParser(readFileSync(path.join(KILLFEED_DIR, '2025.05.01-00.00.00.csv'))).totals;
    expect(may).toEqual({
      rows: 258, seven: 0, nine: 258, kills: 133, roadkills: 3, deaths: 1,
      menu: 108, fall: 14, vehicle: 0, other: 2, players: 75,
    });
  });
});

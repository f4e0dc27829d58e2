/** Discord's limits in one place: clip by code point, clamp embeds, pack them into messages, escape names. */
import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import {
  choices,
  clampEmbed,
  clampEmbeds,
  clip,
  clipRequired,
  codePoints,
  embedLength,
  escapeName,
  inlineCode,
  LIMITS,
  packEmbeds,
  shownName,
  wellFormed,
} from '../../src/discord/limits.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Every per-part limit of one embed, as Discord and discord.js's builders check them. */
function withinEmbedLimits(e: APIEmbed): void {
  const fits = (s: string | undefined, max: number) => {
    if (s === undefined) return;
    expect(codePoints(s)).toBeLessThanOrEqual(max);
    expect(s.length).toBeLessThanOrEqual(max);
    expect(s).not.toMatch(LONE_SURROGATE);
    expect(s.trim()).not.toBe('');
  };
  fits(e.title, LIMITS.title);
  fits(e.description, LIMITS.description);
  fits(e.footer?.text, LIMITS.footer);
  fits(e.author?.name, LIMITS.author);
  expect((e.fields ?? []).length).toBeLessThanOrEqual(LIMITS.fields);
  for (const f of e.fields ?? []) {
    fits(f.name, LIMITS.fieldName);
    fits(f.value, LIMITS.fieldValue);
  }
  expect(embedLength(e)).toBeLessThanOrEqual(LIMITS.embedTotal);
}

/** A kill embed with every text at its maximum, as a hostile game server's log can produce. */
function maximalKill(i: number): APIEmbed {
  return {
    title: `K${i} ${'k'.repeat(300)}`,
    color: 0xc0392b,
    fields: [
      { name: 'Weapon', value: `W${i} ${'w'.repeat(2000)}`, inline: true },
      { name: 'Distance', value: '999 m', inline: true },
      { name: 'Platform', value: 'PC vs PC', inline: true },
    ],
    timestamp: new Date(0).toISOString(),
  };
}

describe('clip', () => {
  it('leaves short texts alone and cuts long ones with an ellipsis', () => {
    expect(clip('Alpha', 5)).toBe('Alpha');
    expect(clip('Alphabet', 5)).toBe('Alph…');
    expect(clipRequired('   ', 10)).toBe('—');
  });

  it('never splits a surrogate pair, wherever the cut falls', () => {
    const text = `a${'😀'.repeat(20)}b🏳️‍🌈`;
    for (let max = 1; max <= text.length + 1; max++) {
      const out = clip(text, max);
      expect(out).not.toMatch(LONE_SURROGATE);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(codePoints(out)).toBeLessThanOrEqual(max);
      if (out !== text) {
        expect(out.endsWith('…')).toBe(true);
        expect(text.startsWith(out.slice(0, -1))).toBe(true);
      }
    }
  });

  it('counts like Discord (code points) for totals', () => {
    expect(codePoints('😀😀')).toBe(2);
    expect(embedLength({ title: '😀😀', fields: [{ name: 'a', value: 'bc' }], footer: { text: 'd' } })).toBe(6);
  });
});

describe('clampEmbed', () => {
  it('keeps every part within its limit and the whole within 6,000', () => {
    const huge: APIEmbed = {
      title: 't'.repeat(1000),
      description: 'd'.repeat(10_000),
      footer: { text: 'f'.repeat(5000) },
      author: { name: 'a'.repeat(500) },
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `${i}`.repeat(300), value: 'v'.repeat(2000) })),
    };
    const out = clampEmbed(huge);
    withinEmbedLimits(out);
    expect(out.title).toHaveLength(LIMITS.title);
    // The original is not changed.
    expect(huge.fields).toHaveLength(30);
  });

  it('lets the description, then the last fields, give way first', () => {
    const out = clampEmbed({ title: 'T', description: 'd'.repeat(4000), fields: [{ name: 'A', value: 'a'.repeat(1000) }, { name: 'B', value: 'b'.repeat(1000) }] }, 2500);
    expect(embedLength(out)).toBeLessThanOrEqual(2500);
    expect(out.fields?.map((f) => f.value)).toEqual(['a'.repeat(1000), 'b'.repeat(1000)]);
    expect(out.description).toMatch(/^d+…$/);
  });

  it('keeps the total with emoji everywhere', () => {
    const out = clampEmbed({ title: '😀'.repeat(300), description: '😀'.repeat(5000), fields: Array.from({ length: 25 }, () => ({ name: '😀'.repeat(300), value: '😀'.repeat(1100) })) });
    withinEmbedLimits(out);
  });

  it('turns blank parts into a dash (Discord refuses empty texts)', () => {
    expect(clampEmbed({ title: ' ', fields: [{ name: '', value: '' }] })).toEqual({ title: '—', fields: [{ name: '—', value: '—' }] });
  });
});

describe('packEmbeds', () => {
  it('groups ten maximal kill embeds into messages within every limit, in order, each kill once', () => {
    const kills = Array.from({ length: 10 }, (_, i) => maximalKill(i));
    const messages = packEmbeds(kills);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
      expect(m.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
      m.forEach(withinEmbedLimits);
    }
    const flat = messages.flat();
    expect(flat.map((e) => e.title?.split(' ')[0])).toEqual(kills.map((_, i) => `K${i}`));
    expect(flat.map((e) => e.fields?.[0]?.value.split(' ')[0])).toEqual(kills.map((_, i) => `W${i}`));
    // Only what exceeds a part's own limit is cut: a whole weapon field is kept.
    expect(flat.every((e) => codePoints(e.fields![0]!.value) === LIMITS.fieldValue)).toBe(true);
  });

  it('puts at most 10 small embeds in a message, and is deterministic', () => {
    const small = Array.from({ length: 23 }, (_, i) => ({ title: `kill ${i}` }));
    expect(packEmbeds(small).map((m) => m.length)).toEqual([10, 10, 3]);
    expect(packEmbeds(small)).toEqual(packEmbeds(small));
    expect(packEmbeds([])).toEqual([]);
  });
});

describe('clampEmbeds (one message)', () => {
  it('keeps at most 10 embeds within 6,000 characters together, shortening the longest first', () => {
    const short: APIEmbed = { title: 'short', description: 's'.repeat(100) };
    const out = clampEmbeds([short, ...Array.from({ length: 11 }, () => ({ description: 'x'.repeat(4000) }))]);
    expect(out).toHaveLength(10);
    expect(out[0]).toEqual(short);
    expect(out.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
    out.forEach(withinEmbedLimits);
  });
});

describe('escapeName', () => {
  it('makes mentions inert', () => {
    for (const name of ['@everyone', '@here', '<@123456789012345678>', '<@&123>', '<#123>', '</cmd:1>', '<t:1:R>']) {
      const out = escapeName(name);
      expect(out).not.toMatch(/@(everyone|here)|<[@#/:at]/);
    }
    expect(escapeName('@everyone')).toBe('@\u200beveryone');
  });

  it('makes markdown inert, leaving what only matters at a line start alone elsewhere', () => {
    expect(escapeName('[EU] PvP #1 | x2')).toBe('\\[EU\\] PvP #1 \\| x2');
    expect(escapeName('**bold** _it_ ~~s~~ `c` ||spoiler|| \\')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\`c\\` \\|\\|spoiler\\|\\| \\\\');
    expect(escapeName('[click](https://evil.example)')).toBe('\\[click\\](https://evil.example)');
    expect(escapeName('AK-74')).toBe('AK-74');
    expect(escapeName('# big')).toBe('\\# big');
    expect(escapeName('-# small')).toBe('\\-# small');
    expect(escapeName('> quote')).toBe('\\> quote');
    expect(escapeName('1. list')).toBe('1\\. list');
    expect(escapeName('#1 EU')).toBe('#1 EU');
    expect(escapeName('79.127.236.1_7020')).toBe('79.127.236.1\\_7020');
    // One line: a name cannot start a heading on a line of its own.
    expect(escapeName('a\n# b')).toBe('a # b');
  });

  it('shownName cuts before escaping (no half escape), inlineCode keeps a code span closed', () => {
    expect(shownName('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(shownName('@everyone', 100)).toBe('@\u200beveryone');
    expect(inlineCode('a`b')).toBe('`aˋb`');
  });
});

describe('choices', () => {
  it('cuts names to 100, leaves out values that do not fit, keeps 25', () => {
    const list = [
      { name: 'n'.repeat(300), value: 'ok' },
      { name: 'long value', value: 'v'.repeat(101) },
      ...Array.from({ length: 40 }, (_, i) => ({ name: `p${i}`, value: i })),
    ];
    const out = choices(list);
    expect(out).toHaveLength(25);
    expect(out[0]).toEqual({ name: `${'n'.repeat(99)}…`, value: 'ok' });
    expect(out.some((c) => c.name === 'long value')).toBe(false);
  });

  it('repairs half an emoji left by a cut elsewhere', () => {
    const half = '😀'.repeat(3).slice(0, 5);
    expect(wellFormed(half)).toBe('😀😀\ufffd');
    expect(choices([{ name: half, value: half }])[0]).toEqual({ name: '😀😀\ufffd', value: '😀😀\ufffd' });
  });
});

describe('shownName: escaped, then clipped', () => {
  it('shownName stays within max, never ends an escape halfway, and equals escapeName when short', () => {
    const specials = ['_', '*', '\\', '`', 'a', '@', '<', '~', '|', 'é', '🎮', '\n'];
    let seed = 5;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    for (let trial = 0; trial < 2000; trial++) {
      const name = Array.from({ length: Math.floor(next() * 80) }, () => specials[Math.floor(next() * specials.length)]!).join('');
      const max = 1 + Math.floor(next() * 60);
      const shown = shownName(name, max);
      expect(shown.length).toBeLessThanOrEqual(max);
      if (escapeName(name).length <= max) expect(shown).toBe(escapeName(name));
      else {
        expect(shown.endsWith('…')).toBe(true);
        expect(escapeName(name).startsWith(shown.slice(0, -1))).toBe(true);
        const trailing = /\\*$/.exec(shown.slice(0, -1))![0].length;
        expect(trailing % 2).toBe(0);
      }
    }
  });
});

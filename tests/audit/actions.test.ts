/**
 * The audit actions and change names /audit shows in words (src/audit/actions.ts): each has its catalog
 * key in every language, and the catalog words nothing the lists leave out (one list, no strays).
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_CHANGES } from '../../src/audit/actions.js';
import { CATALOGS } from '../../src/i18n/catalogs.js';
import { LANGUAGES } from '../../src/i18n/locales.js';

const wanted = [...AUDIT_ACTIONS.map((a) => `audit.action.${a}`), ...AUDIT_CHANGES.map((c) => `audit.change.${c}`)];

describe('audit words', () => {
  it('lists the actions the links and kicks record (they were shown by their ids)', () => {
    expect(AUDIT_ACTIONS).toEqual(expect.arrayContaining(['link.add', 'link.move', 'link.approve', 'link.reject', 'link.remove', 'kick']));
    expect(AUDIT_CHANGES).toEqual(expect.arrayContaining(['player', 'member', 'from', 'linkMode', 'adminChannelId']));
  });

  for (const language of LANGUAGES) {
    it(`${language}: words for every action and change name`, () => {
      const catalog = CATALOGS[language] as Record<string, unknown>;
      const missing = wanted.filter((k) => typeof catalog[k] !== 'string' || !(catalog[k] as string).trim());
      expect(missing).toEqual([]);
    });
  }

  it('words no action or change name the lists leave out', () => {
    const worded = Object.keys(CATALOGS.en).filter((k) => k.startsWith('audit.action.') || k.startsWith('audit.change.'));
    expect(worded.filter((k) => !wanted.includes(k))).toEqual([]);
  });
});

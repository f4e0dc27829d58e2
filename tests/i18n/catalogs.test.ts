import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGS } from '../../src/i18n/catalogs.js';
import { EN_DOMAINS } from '../../src/i18n/en/index.js';
import { LANGUAGES } from '../../src/i18n/locales.js';
import { translator } from '../../src/i18n/translate.js';
import type { Entry } from '../../src/i18n/types.js';

const placeholders = (entry: Entry): string[] =>
  [...new Set((typeof entry === 'string' ? [entry] : Object.values(entry)).flatMap((t) => [...(t ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))].sort();

const english = CATALOGS.en;
const keys = Object.keys(english);

describe('the message catalogs', () => {
  it('has keys in every domain, and no key in two domains', () => {
    expect(keys.length).toBeGreaterThan(20);
    const owner = new Map<string, string>();
    for (const [domain, catalog] of Object.entries(EN_DOMAINS)) {
      for (const key of Object.keys(catalog)) {
        expect(owner.get(key), `${key} in ${domain} and ${owner.get(key)}`).toBeUndefined();
        owner.set(key, domain);
      }
    }
    expect(owner.size).toBe(keys.length);
  });

  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${language}: every key, the same placeholders, the plural forms the language needs`, () => {
      const catalog = CATALOGS[language];
      expect(Object.keys(catalog).sort()).toEqual([...keys].sort());
      const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      for (const key of keys) {
        const source = english[key]!;
        const text = catalog[key]!;
        expect(typeof text, key).toBe(typeof source);
        expect(placeholders(text), key).toEqual(placeholders(source));
        if (typeof text !== 'string') for (const category of needed) expect(text[category], `${key} ${category}`).toBeTruthy();
        else expect(text.trim(), key).not.toBe('');
      }
    });
  }

  it('walks every key of every language with its parameters filled', () => {
    for (const language of LANGUAGES) {
      const t = translator({ locale: language });
      for (const key of keys) {
        const params = Object.fromEntries(placeholders(english[key]!).map((p) => [p, p === 'count' ? 3 : `<${p}>`]));
        const text = t.text({ key, params, __msg: true });
        expect(text, `${language} ${key}`).not.toMatch(/\{\w+\}/);
        for (const p of Object.keys(params)) if (p !== 'count') expect(text, `${language} ${key}`).toContain(`<${p}>`);
      }
    }
  });

  it('has no key the code never says: each is named in src/, or built from a named prefix (`error.category.${c}`)', () => {
    const src = path.resolve(import.meta.dirname, '..', '..', 'src');
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? ((LANGUAGES as readonly string[]).includes(e.name) ? [] : files(path.join(dir, e.name))) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const code = files(src).map((f) => readFileSync(f, 'utf8')).join('\n');
    const prefixes = [...code.matchAll(/`([a-z][\w.]*\.)\$\{/g)].map((m) => m[1]!);
    const unsaid = keys.filter((k) => !code.includes(`'${k}'`) && !prefixes.some((p) => k.startsWith(p)));
    expect(unsaid).toEqual([]);
  });
});

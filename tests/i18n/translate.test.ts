import { describe, expect, it } from 'vitest';
import { languageOf } from '../../src/i18n/locales.js';
import { msg } from '../../src/i18n/message.js';
import { translator } from '../../src/i18n/translate.js';

describe('translator', () => {
  it('picks the language of a locale, English for the rest', () => {
    expect(languageOf('ru')).toBe('ru');
    expect(languageOf('de-AT')).toBe('de');
    expect(languageOf('pt-BR')).toBe('pt-BR');
    expect(languageOf('pt-PT')).toBe('en');
    expect(languageOf('fr')).toBe('en');
    expect(languageOf(null)).toBe('en');
  });

  it('fills parameters, nested messages in the same language', () => {
    const ru = translator({ locale: 'ru' });
    expect(ru.t('error.refused', { text: msg('error.guildOnly') })).toBe('❌ Этот бот работает на сервере, а не в личных сообщениях.');
    expect(translator({ locale: 'en-US' }).t('error.aliasRenamed', { alias: 'old', command: 'new' })).toBe('`/old` is now `/new`.');
  });

  it('formats numbers for the locale, English words for an untranslated one', () => {
    const fr = translator({ locale: 'fr' });
    expect(fr.language).toBe('en');
    expect(fr.t('error.rateLimited', { command: 'x', when: String(12345) })).toContain('12345');
    expect(fr.format.number(12345)).toBe(new Intl.NumberFormat('fr').format(12345));
    expect(translator({ locale: 'de' }).t('error.discordRefused', { text: 'x', id: 'E-1' })).toContain('Fehler-ID **E-1**');
  });
});

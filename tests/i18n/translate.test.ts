import { describe, expect, it } from 'vitest';
import { choiceName, describe as describeFor } from '../../src/i18n/commandText.js';
import { languageOf } from '../../src/i18n/locales.js';
import { msg, plain } from '../../src/i18n/message.js';
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

  it('gives Discord a description and a choice name in every translated language', () => {
    const d = describeFor(plain('cmd.help'));
    expect(d.description).toBe(translator({ locale: 'en-US' }).t('cmd.help'));
    expect(Object.keys(d.description_localizations).sort()).toEqual(['de', 'pl', 'pt-BR', 'ru']);
    expect(d.description_localizations.ru).toBe(translator({ locale: 'ru' }).t('cmd.help'));
    const c = choiceName(plain('cmd.help'));
    expect(c).toEqual({ name: d.description, name_localizations: d.description_localizations });
  });
});

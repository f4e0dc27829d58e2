/**
 * The guild's locale and timezone as the bot writes numbers, durations and dates as text. Expected
 * strings follow the locales' conventions (CLDR): en-US groups thousands with `,` and marks decimals
 * with `.`, de the other way round; Berlin is UTC+2 and New York UTC−4 in May (summer time).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_FORMAT, guildFormat } from '../../src/format/guildFormat.js';

const enUS = guildFormat({ locale: 'en-US', timezone: 'UTC' });
const de = guildFormat({ locale: 'de', timezone: 'Europe/Berlin' });

describe('numbers', () => {
  it('groups thousands the locale’s way', () => {
    expect(enUS.number(12_345)).toBe('12,345');
    expect(de.number(12_345)).toBe('12.345');
    expect(enUS.number(1_234_567)).toBe('1,234,567');
    expect(de.number(1_234_567)).toBe('1.234.567');
    // Small counts are not padded or given decimals.
    expect(enUS.number(7)).toBe('7');
    expect(de.number(0)).toBe('0');
  });

  it('writes fixed decimals with the locale’s separator', () => {
    expect(enUS.number(1.5, 2)).toBe('1.50');
    expect(de.number(1.5, 2)).toBe('1,50');
    expect(enUS.number(3, 2)).toBe('3.00');
    // Rounded to the digits asked for, grouping kept.
    expect(enUS.number(1234.567, 2)).toBe('1,234.57');
    expect(de.number(1234.567, 2)).toBe('1.234,57');
    expect(de.number(2.345, 0)).toBe('2');
  });

  it('keeps up to two decimals when no digits are asked for (distances such as 123.4 m)', () => {
    expect(enUS.number(123.4)).toBe('123.4');
    expect(de.number(123.4)).toBe('123,4');
    expect(enUS.number(2 / 3)).toBe('0.67');
  });
});

describe('durations', () => {
  it('writes minutes:seconds under an hour and hours with padded minutes above', () => {
    expect(enUS.duration(20)).toBe('0:20');
    expect(enUS.duration(65)).toBe('1:05');
    expect(enUS.duration(59 * 60 + 59)).toBe('59:59');
    expect(enUS.duration(3600 + 5 * 60)).toBe('1h 05m');
    expect(enUS.duration(10 * 3600 + 42 * 60 + 30)).toBe('10h 42m');
  });

  it('rounds to whole seconds and never goes negative', () => {
    expect(enUS.duration(64.6)).toBe('1:05');
    expect(enUS.duration(-3)).toBe('0:00');
  });

  it('groups a very long duration’s hours in the locale', () => {
    expect(enUS.duration(1234 * 3600)).toBe('1,234h 00m');
    expect(de.duration(1234 * 3600)).toBe('1.234h 00m');
  });
});

describe('date and time as text', () => {
  const instant = new Date('2025-05-01T12:00:00Z');

  it('shows one instant in the guild’s timezone', () => {
    // Same locale, two timezones: only the hour moves.
    const berlin = guildFormat({ locale: 'en-GB', timezone: 'Europe/Berlin' }).dateTime(instant);
    const newYork = guildFormat({ locale: 'en-GB', timezone: 'America/New_York' }).dateTime(instant);
    expect(berlin).toContain('14:00');
    expect(newYork).toContain('08:00');
    expect(berlin).toContain('1 May 2025');
    expect(newYork).toContain('1 May 2025');
  });

  it('writes the date in the locale’s order and clock', () => {
    expect(de.dateTime(instant)).toContain('01.05.2025');
    expect(de.dateTime(instant)).toContain('14:00');
    // en-US: month first, 12-hour clock (ICU puts a narrow no-break space before AM/PM).
    const ny = guildFormat({ locale: 'en-US', timezone: 'America/New_York' }).dateTime(instant);
    expect(ny).toMatch(/^May 1, 2025, 8:00\sAM$/);
  });

  it('crosses the date line when the timezone says so', () => {
    const late = new Date('2025-05-01T23:30:00Z');
    expect(guildFormat({ locale: 'en-GB', timezone: 'Europe/Berlin' }).dateTime(late)).toContain('2 May 2025, 01:30');
    expect(guildFormat({ locale: 'en-GB', timezone: 'UTC' }).dateTime(late)).toContain('1 May 2025, 23:30');
  });
});

describe('settings the runtime does not know', () => {
  it('falls back to UTC for an unknown timezone instead of throwing', () => {
    const f = guildFormat({ locale: 'en-GB', timezone: 'Mars/Olympus' });
    expect(f.timeZone).toBe('UTC');
    expect(f.dateTime(new Date('2025-05-01T12:00:00Z'))).toContain('12:00');
    // The locale is kept: only the timezone was unusable.
    expect(f.locale).toBe('en-GB');
  });

  it('falls back to en-US for an unknown locale instead of throwing', () => {
    const f = guildFormat({ locale: 'zz', timezone: 'Europe/Berlin' });
    expect(f.locale).toBe('en-US');
    expect(f.number(12_345.5, 2)).toBe('12,345.50');
    expect(f.timeZone).toBe('Europe/Berlin');
  });

  it('falls back for both at once', () => {
    const f = guildFormat({ locale: 'qq-QQ', timezone: 'Nowhere/Special' });
    expect([f.locale, f.timeZone]).toEqual(['en-US', 'UTC']);
    expect(f.duration(3900)).toBe('1h 05m');
  });

  // `Intl.NumberFormat.supportedLocalesOf` throws for a malformed tag such as `en_US`: a locale stored
  // that way (by hand, or by an older version) must not break every reply of the guild.
  it('falls back to en-US for a malformed stored locale (en_US) instead of throwing', () => {
    const f = guildFormat({ locale: 'en_US', timezone: 'UTC' });
    expect(f.locale).toBe('en-US');
    expect(f.number(12_345)).toBe('12,345');
  });
});

describe('DEFAULT_FORMAT', () => {
  it('is en-US in UTC', () => {
    expect([DEFAULT_FORMAT.locale, DEFAULT_FORMAT.timeZone]).toEqual(['en-US', 'UTC']);
    expect(DEFAULT_FORMAT.number(1234)).toBe('1,234');
    expect(DEFAULT_FORMAT.dateTime(new Date('2025-05-01T12:00:00Z'))).toMatch(/^May 1, 2025, 12:00\sPM$/);
  });
});

/**
 * How numbers, durations and dates written as text look in a guild: its `/settings` locale and
 * timezone. Discord timestamps (`<t:…>`, embed `timestamp`) are not formatted here: Discord shows them in
 * each reader's own time and language already.
 */
import { BoundedMap } from '../util/boundedMap.js';

export interface FormatSettings {
  locale: string;
  timezone: string;
}

export interface GuildFormat {
  readonly locale: string;
  readonly timeZone: string;
  /** A count or measure: `12,345` (en-US), `12.345` (de); `digits` fixes the decimals. */
  number(n: number, digits?: number): string;
  /** A length of time, largest units first: `1h 05m`, `3:07`, `12s` is `0:12`. */
  duration(seconds: number): string;
  /** A date and time as text, in the guild's timezone. */
  dateTime(date: Date): string;
}

/** Intl formatters are costly to build and a guild formats many values: one per (locale, options). */
const formatters = new BoundedMap<string, Intl.NumberFormat | Intl.DateTimeFormat>(500);

function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/** A stored locale or timezone the runtime no longer knows falls back to the defaults instead of failing. */
function supported(settings: FormatSettings): FormatSettings {
  let locale = 'en-US';
  try {
    if (Intl.NumberFormat.supportedLocalesOf([settings.locale]).length) locale = settings.locale;
  } catch {
    // A malformed tag (`en_US`, ''): RangeError. Keep the default.
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: settings.timezone });
    return { locale, timezone: settings.timezone };
  } catch {
    return { locale, timezone: 'UTC' };
  }
}

export function guildFormat(settings: FormatSettings): GuildFormat {
  const { locale, timezone } = supported(settings);
  const numberFormat = (digits?: number) =>
    cached(`n:${locale}:${digits ?? '-'}`, () =>
      new Intl.NumberFormat(locale, digits === undefined ? { maximumFractionDigits: 2 } : { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    ) as Intl.NumberFormat;
  const two = (n: number) => numberFormat(0).format(n).padStart(2, numberFormat(0).format(0));
  return {
    locale,
    timeZone: timezone,
    number: (n, digits) => numberFormat(digits).format(n),
    duration(seconds) {
      const s = Math.max(0, Math.round(seconds));
      if (s >= 3600) return `${numberFormat(0).format(Math.floor(s / 3600))}h ${two(Math.floor((s % 3600) / 60))}m`;
      return `${numberFormat(0).format(Math.floor(s / 60))}:${two(s % 60)}`;
    },
    dateTime: (date) =>
      (cached(`d:${locale}:${timezone}`, () => new Intl.DateTimeFormat(locale, { timeZone: timezone, dateStyle: 'medium', timeStyle: 'short' })) as Intl.DateTimeFormat).format(date),
  };
}

/** The default guild's format (en-US, UTC), for text made before a guild is known. */
export const DEFAULT_FORMAT = guildFormat({ locale: 'en-US', timezone: 'UTC' });

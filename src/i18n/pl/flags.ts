import type { flags as english } from '../en/flags.js';
import type { TranslationOf } from '../types.js';

export const flags = {
  'cmd.flags': 'Podejrzane zabójstwa: za daleko jak na broń, za szybko, nagłe skoki K/D (admini)',
  'flags.title': '🚩 Podejrzane zabójstwa · {scope} · {window}',
  'flags.none': 'Brak podejrzanych zabójstw w tym okresie.',
  'flags.page': 'Strona {page} · najnowsze najpierw · przechowywane {days} dni',
  'flags.line': '<t:{at}:f> · **{killer}** → **{victim}** · {weapon} · {range} · {reasons}\n`{file}:{line}`',
  'flags.range.max': '{distance} m (maks. {max} m)',
  'flags.range.none': '{distance} m',
  'flags.reason.range': 'za daleko',
  'flags.reason.rate': 'tempo zabójstw',
  'flags.reason.kd': 'skok K/D',
} satisfies TranslationOf<typeof english>;

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
  'flags.post.kick.title': '👢 {player} został wyrzucony',
  'flags.post.kick.body': 'Powód: {reason}\nSerwer: **{server}**',
  'flags.post.kick.noReason': 'nie podano',
  'flags.post.flag.title': '🚩 Podejrzane zabójstwo: {killer} → {victim}',
  'flags.post.flag.body': '{weapon} · {range} · {reasons}\nSerwer: **{server}** · `{file}:{line}`\n`/flags` pokazuje wszystkie.',
  'flags.post.more.title': '➕ Nieopublikowane z tego odczytu: {count}',
  'flags.post.more.body': '`/flags` pokazuje oznaczone zabójstwa, a `/audit kind:kicks` wyrzucenia.\nSerwer: **{server}**',
} satisfies TranslationOf<typeof english>;

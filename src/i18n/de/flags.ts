import type { flags as english } from '../en/flags.js';
import type { TranslationOf } from '../types.js';

export const flags = {
  'cmd.flags': 'Verdächtige Kills: zu weit für die Waffe, zu schnell, plötzliche K/D-Sprünge (Admins)',
  'flags.title': '🚩 Verdächtige Kills · {scope} · {window}',
  'flags.none': 'Kein verdächtiger Kill in diesem Zeitraum.',
  'flags.page': 'Seite {page} · neueste zuerst · {days} Tage aufbewahrt',
  'flags.line': '<t:{at}:f> · **{killer}** → **{victim}** · {weapon} · {range} · {reasons}\n`{file}:{line}`',
  'flags.range.max': '{distance} m (max. {max} m)',
  'flags.range.none': '{distance} m',
  'flags.reason.range': 'zu weit',
  'flags.reason.rate': 'Kill-Rate',
  'flags.reason.kd': 'K/D-Sprung',
  'flags.post.kick.title': '👢 {player} wurde gekickt',
  'flags.post.kick.body': 'Grund: {reason}\nServer: **{server}**',
  'flags.post.kick.noReason': 'keiner angegeben',
  'flags.post.flag.title': '🚩 Verdächtiger Kill: {killer} → {victim}',
  'flags.post.flag.body': '{weapon} · {range} · {reasons}\nServer: **{server}** · `{file}:{line}`\n`/flags` listet alle auf.',
  'flags.post.more.title': '➕ Aus diesem Lesevorgang nicht gepostet: {count}',
  'flags.post.more.body': '`/flags` listet die markierten Kills, `/audit kind:kicks` die Kicks.\nServer: **{server}**',
} satisfies TranslationOf<typeof english>;

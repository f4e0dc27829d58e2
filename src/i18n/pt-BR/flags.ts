import type { flags as english } from '../en/flags.js';
import type { TranslationOf } from '../types.js';

export const flags = {
  'cmd.flags': 'Abates suspeitos: longe demais para a arma, rápidos demais, saltos de K/D (admins)',
  'flags.title': '🚩 Abates suspeitos · {scope} · {window}',
  'flags.none': 'Nenhum abate suspeito neste período.',
  'flags.page': 'Página {page} · mais recentes primeiro · guardados por {days} dias',
  'flags.line': '<t:{at}:f> · **{killer}** → **{victim}** · {weapon} · {range} · {reasons}\n`{file}:{line}`',
  'flags.range.max': '{distance} m (máx. {max} m)',
  'flags.range.none': '{distance} m',
  'flags.reason.range': 'longe demais',
  'flags.reason.rate': 'ritmo de abates',
  'flags.reason.kd': 'salto de K/D',
  'flags.post.kick.title': '👢 {player} foi expulso',
  'flags.post.kick.body': 'Motivo: {reason}\nServidor: **{server}**',
  'flags.post.kick.noReason': 'nenhum informado',
  'flags.post.flag.title': '🚩 Abate suspeito: {killer} → {victim}',
  'flags.post.flag.body': '{weapon} · {range} · {reasons}\nServidor: **{server}** · `{file}:{line}`\n`/flags` lista todos.',
  'flags.post.more.title': '➕ Não publicados desta leitura: {count}',
  'flags.post.more.body': '`/flags` lista as mortes marcadas e `/audit kind:kicks` as expulsões.\nServidor: **{server}**',
} satisfies TranslationOf<typeof english>;

import type { flags as english } from '../en/flags.js';
import type { TranslationOf } from '../types.js';

export const flags = {
  'cmd.flags': 'Подозрительные убийства: слишком далеко для оружия, слишком быстро, скачки K/D (админы)',
  'flags.title': '🚩 Подозрительные убийства · {scope} · {window}',
  'flags.none': 'Подозрительных убийств за этот период нет.',
  'flags.page': 'Страница {page} · сначала новые · хранятся {days} дн.',
  'flags.line': '<t:{at}:f> · **{killer}** → **{victim}** · {weapon} · {range} · {reasons}\n`{file}:{line}`',
  'flags.range.max': '{distance} м (макс. {max} м)',
  'flags.range.none': '{distance} м',
  'flags.reason.range': 'слишком далеко',
  'flags.reason.rate': 'темп убийств',
  'flags.reason.kd': 'скачок K/D',
  'flags.post.kick.title': '👢 {player} кикнут',
  'flags.post.kick.body': 'Причина: {reason}\nСервер: **{server}**',
  'flags.post.kick.noReason': 'не указана',
  'flags.post.flag.title': '🚩 Подозрительное убийство: {killer} → {victim}',
  'flags.post.flag.body': '{weapon} · {range} · {reasons}\nСервер: **{server}** · `{file}:{line}`\n`/flags` показывает все.',
  'flags.post.more.title': '➕ Не опубликовано из этого чтения: {count}',
  'flags.post.more.body': '`/flags` показывает отмеченные убийства, а `/audit kind:kicks` — кики.\nСервер: **{server}**',
} satisfies TranslationOf<typeof english>;

import type { files as english } from '../../en/server/files.js';
import type { TranslationOf } from '../../types.js';

export const files = {
  'server.browse.title': {
    one: '📁 {name} — стр. {page}/{pages} ({count} элемент)',
    few: '📁 {name} — стр. {page}/{pages} ({count} элемента)',
    many: '📁 {name} — стр. {page}/{pages} ({count} элементов)',
    other: '📁 {name} — стр. {page}/{pages} ({count} элемента)',
  },
  'server.browse.empty': '*папка пуста*',
  'server.browse.truncated': '⚠️ Папка показана не полностью',
  'server.browse.truncatedDetail': 'Показаны только первые {max} записей.',
  'server.browse.previous': '◀ Назад',
  'server.browse.next': 'Вперёд ▶',
  'server.browse.up': '⬆ Вверх',
  'server.browse.open': 'Открыть папку…',
  'server.browse.outdated': 'этот список устарел; выполните `/server browse` ещё раз',
  'server.browse.notFolderName': 'это не имя папки',

  'server.download.needFile': 'укажите путь к файлу, например `Logs/Deadside.log`',
  'server.download.sent': '📄 {path} с **{name}** ({size})',

  'server.backfill.running': '⏳ **Загрузка истории {name}**',
  'server.backfill.progress': 'Файлы {done}/{files} · строк: {lines} · {rate} строк/с · осталось {eta}',
  'server.backfill.done': '✅ **Загрузка истории {name}** завершена за {elapsed}.',
  'server.backfill.summary': 'Файлы {files}/{files} · новых строк: {lines} · всего прочитано строк: {total}',
  'server.backfill.summaryMalformed': 'Файлы {files}/{files} · новых строк: {lines} · всего прочитано строк: {total} · пропущено битых строк: {malformed}',
  'server.backfill.stopped': '⚠️ **Загрузка истории {name}** остановлена: {error}. Всё прочитанное сохранено; выполните `/server backfill` ещё раз, чтобы продолжить.',
  'server.backfill.unknownError': 'неизвестная ошибка',
  'server.backfill.paused': '**{name}** на паузе; сначала снимите паузу через `/server settings paused:False`',
  'server.backfill.notPolled': 'бот ещё не опрашивает **{name}**; попробуйте через минуту',
  'server.backfill.stoppedPolling': '**{name}** перестал опрашиваться за это время (пауза, удаление или смена ключа хоста); см. `/server list`',
} as const satisfies TranslationOf<typeof english>;

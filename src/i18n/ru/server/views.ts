import type { views as english } from '../../en/server/views.js';
import type { TranslationOf } from '../../types.js';

export const views = {
  'server.time.never': 'никогда',

  'server.field.address': 'Адрес',
  'server.field.handshake': 'Рукопожатие',
  'server.field.hostKeySha256': 'Ключ хоста (SHA256)',
  'server.field.hostKey': 'Ключ хоста',
  'server.field.latency': 'Задержка',
  'server.field.found': 'Найдено',
  'server.field.pinned': 'Закреплённый',
  'server.field.presented': 'Предъявленный',
  'server.field.presentedNow': 'Предъявлен сейчас',
  'server.field.root': 'Корень',
  'server.field.ms': '{ms} мс',

  'server.trustPrompt.title': '{name}: проверьте ключ хоста',
  'server.trustPrompt.description':
    'Хост представился ключом ниже. Если ваш игровой хостинг показывает отпечаток ключа, сравните их; после того как вы доверитесь ключу, бот откажется подключаться, если ключ когда-нибудь изменится (защита от перехвата). Пароль ещё не отправлен: после **Доверять и сохранить** бот войдёт с закреплённым ключом и покажет, что нашёл.',
  'server.trustPrompt.footer': 'Этот запрос действует 15 минут. Пароль хранится в зашифрованном виде.',

  'server.unpinned.title': '{name}: доверенного ключа хоста ещё нет',
  'server.unpinned.description':
    'Бот ещё ни разу не проверял ключ хоста этого сервера, поэтому никуда не отправлял его пароль. Сравните ключ ниже с тем, что показывает ваш игровой хостинг; **Доверять ключу** закрепит его и затем проверит вход.',

  'server.testReport.title': '✅ {name}: подключение в порядке',
  'server.testReport.latency': '{ms} мс (подключение {connectMs} мс)',
  'server.testReport.matches': '✅ совпадает с закреплённым ключом',
  'server.testReport.matchesAgain': '✅ снова совпадает с закреплённым ключом: подключения снова разрешены',

  'server.mismatch.title': '⚠️ {name}: ключ хоста изменился',
  'server.mismatch.description':
    'Хост предъявил не тот ключ, которому доверились при добавлении сервера. Бот не будет подключаться, пока вы не решите.\n• **Доверять новому ключу** — если хостинг перенёс или переустановил сервер (если не уверены, спросите у них).\n• **Оставить блокировку** — если у вас ничего не менялось: возможно, кто-то перехватывает соединение.',

  'server.found.notSearched': 'поиск не выполнялся',
  'server.found.noKillfeed': '⚠️ в корне не найдена папка килфида (`actual1/deathlogs/world_N`)',
  'server.found.killfeedDir': {
    one: '📁 {path} — {count} CSV-файл',
    few: '📁 {path} — {count} CSV-файла',
    many: '📁 {path} — {count} CSV-файлов',
    other: '📁 {path} — {count} CSV-файла',
  },
  'server.found.moreKillfeedDirs': {
    one: '… и ещё {count} папка килфида',
    few: '… и ещё {count} папки килфида',
    many: '… и ещё {count} папок килфида',
    other: '… и ещё {count} папки килфида',
  },
  'server.found.noLog': '⚠️ `Logs/Deadside.log` не найден',
  'server.found.incomplete': '⚠️ поиск остановлен досрочно: укажите корень ближе к файлам сервера',
  'server.found.severalServers': {
    one: '⚠️ в этом корне {count} игровой сервер: укажите корнем папку одного сервера, например {example}',
    few: '⚠️ в этом корне {count} игровых сервера: укажите корнем папку одного сервера, например {example}',
    many: '⚠️ в этом корне {count} игровых серверов: укажите корнем папку одного сервера, например {example}',
    other: '⚠️ в этом корне {count} игрового сервера: укажите корнем папку одного сервера, например {example}',
  },

  'server.status.blocked': 'заблокирован: ключ хоста изменился (выполните `/server test`)',
  'server.status.unreadable': 'на паузе: сохранённый пароль не читается (введите его снова через `/server edit`)',
  'server.status.untrusted': 'ключу хоста ещё не доверились (выполните `/server test`)',
  'server.status.tierPaused': 'на паузе из-за премиум-тарифа: сверх лимита серверов (возобновится сам с более высоким тарифом или меньшим числом серверов; см. `/premium status`)',
  'server.status.paused': 'на паузе',
  'server.status.error': 'ошибка {when}',
  'server.status.polling': 'опрашивается',
  'server.status.waiting': 'ждёт первого опроса',

  'server.list.title': 'Игровые серверы',
  'server.list.footer': {
    one: 'Серверов: {servers} из {count} (тариф {tier})',
    few: 'Серверов: {servers} из {count} (тариф {tier})',
    many: 'Серверов: {servers} из {count} (тариф {tier})',
    other: 'Серверов: {servers} из {count} (тариф {tier})',
  },
  'server.list.footerTierPaused': {
    one: 'Серверов: {servers} из {count} (тариф {tier}) · на паузе из-за тарифа: {paused}',
    few: 'Серверов: {servers} из {count} (тариф {tier}) · на паузе из-за тарифа: {paused}',
    many: 'Серверов: {servers} из {count} (тариф {tier}) · на паузе из-за тарифа: {paused}',
    other: 'Серверов: {servers} из {count} (тариф {tier}) · на паузе из-за тарифа: {paused}',
  },
  'server.list.empty': 'Игровых серверов пока нет. Добавьте сервер через `/server add`.',
  'server.list.fieldName': '{name} (id {id})',
  'server.list.status': '**Статус:** {status}',
  'server.list.address': '**Адрес:** {address} · корень {root}',
  'server.list.addressLegacy': '**Адрес:** {address} · корень {root} · устаревший SSH',
  'server.list.lastPoll': '**Последний опрос:** {when} · **прочитано строк:** {lines} · {every}',
  'server.list.poll': 'каждые {seconds} с',
  'server.list.pollTierMax': 'каждые {seconds} с (так часто, как позволяет тариф {tier})',
  'server.list.pollTierFloor': 'каждые {seconds} с (минимум тарифа {tier}; задано {set} с)',
  'server.list.lastError': '**Последняя ошибка:** {error}',
  'server.list.noError': 'нет',
  'server.list.channels': '**Каналы:** убийства {killfeed} · яркие моменты {callouts} · события {events} · подключения {connections} · онлайн {playercount}',
  'server.list.compact': 'опрос {polled} · строк: {lines}',
  'server.list.legend': 'Обозначения: 📰 убийства · 🏆 яркие моменты · 📣 события · 🚪 подключения · 🔊 онлайн · ⏸️ на паузе (не хватает прав)',

  'server.held.line': '⏸️ **Лента «{feed}» на паузе:** {why}',
  'server.held.text': '{why} (началось {since}; публикации сохраняются и будут отправлены по порядку, как только это исправят)',
  'server.held.deleted': 'канал удалён: выберите другой через `/server channels`',
  'server.held.missing': 'мне там нужны права {permissions}',
  'server.held.refused': 'Discord отклонил публикации там (код {code}); следующая попытка {retry}',
  'server.lastError.hostKeyChanged': 'ключ хоста изменился',
  'server.lastError.passwordUnreadable': 'сохранённый пароль не читается: введите его снова через /server edit',
  'server.lastError.passwordDeleted': 'пароль удалён, когда бот покинул этот Discord-сервер: введите его снова через /server edit',
} as const satisfies TranslationOf<typeof english>;

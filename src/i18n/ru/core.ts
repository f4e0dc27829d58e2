import type { core as english } from '../en/core.js';
import type { TranslationOf } from '../types.js';

export const core = {
  'error.category.validation': 'Ввод не принят',
  'error.category.permission': 'Вам это недоступно',
  'error.category.rate_limit': 'Помедленнее',
  'error.category.not_found': 'Не найдено',
  'error.category.premium': 'Нужен более высокий премиум-уровень',
  'error.category.conflict': 'Конфликт изменений',
  'error.category.external': 'Сбой внешнего сервиса',
  'error.category.internal': 'Что-то пошло не так на нашей стороне',

  'error.refused': '❌ {text}',
  'error.databaseUnavailable':
    '⚠️ База данных бота сейчас недоступна, поэтому `/{command}` не выполнена. Команды, которым она не нужна (`/about`, `/help`), работают; попробуйте снова через минуту.',
  'error.discordRefused': '⚠️ {text} (код ошибки **{id}**, `/errors show id:{id}`)',
  'error.internal': '⚠️ При выполнении `/{command}` что-то пошло не так. Ошибка записана с кодом **{id}** — администратор может найти её через `/errors show id:{id}`.',
  'error.guildOnly': 'Этот бот работает на сервере, а не в личных сообщениях.',
  'error.rateLimited': 'Слишком быстро. Использовать `/{command}` снова можно {when}.',
  'error.premiumNeeded': 'Для этого нужен премиум-уровень **{needed}** (у этого сервера — {current}).',
  'error.staleControl': 'Этот элемент больше не поддерживается. Выполните команду снова, чтобы получить новый.',
  'error.commandChanged': 'Эта команда изменилась; выполните её снова из списка команд.',
  'error.formTooSlow': 'Форма открывалась слишком долго. Попробуйте ещё раз.',
  'error.aliasRenamed': '`/{alias}` теперь называется `/{command}`.',

  'access.admin': 'Для этого нужно право **Управлять сервером** (или роль администратора из `/settings`).',
  'access.owner': 'Это могут делать только операторы бота.',

  'discord.missingPermissions':
    'Мне не хватает права для этого здесь. Администратор может проверить мою роль и права этого канала (Просмотр канала, Отправка сообщений, Встраивание ссылок, Прикрепление файлов).',
  'discord.missingAccess': 'Я не вижу этот канал: администратору нужно выдать мне право «Просмотр канала» там.',
  'discord.unknownChannel': 'Этого канала больше нет. Если это был канал ленты, выберите другой через `/server channels`.',
  'discord.unknownMessage': 'Этого сообщения больше нет (оно удалено). Выполните команду снова, чтобы получить новое.',
  'discord.invalidFormBody': 'Discord отклонил сообщение, которое я для вас собрал. Это ошибка на нашей стороне; она записана.',

  'unit.bytes': '{n} Б',
  'unit.kilobytes': '{n} КБ',
  'unit.megabytes': '{n} МБ',
  'unit.gigabytes': '{n} ГБ',
  'unit.terabytes': '{n} ТБ',

  'alias.description': 'Теперь /{command}: {description}',
} as const satisfies TranslationOf<typeof english>;

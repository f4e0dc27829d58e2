import type { feed as english } from '../en/feed.js';
import type { TranslationOf } from '../types.js';

export const feed = {
  'feed.kill.killed': '{killer} убил {victim}',
  'feed.kill.ranOver': '{killer} задавил {victim}',
  'feed.kill.weapon': 'Оружие',
  'feed.kill.distance': 'Дистанция',
  'feed.kill.metres': '{distance} м',
  'feed.kill.platform': 'Платформа',
  'feed.kill.platforms': '{killer} vs {victim}',
  'feed.suicide.menu': '{victim} переродился (суицид через меню)',
  'feed.suicide.fall': '{victim} разбился насмерть',
  'feed.suicide.vehicle': '{victim} погиб в транспорте',
  'feed.suicide.other': '{victim} покончил с собой',
  'feed.death': '{victim} погиб',

  'feed.event.serverStart': 'Сервер перезапущен',
  'feed.event.mission': 'Миссия готова: {place}',
  'feed.event.airdrop': 'Аирдроп на подходе',
  'feed.event.helicrash': 'Появилось крушение вертолёта',
  'feed.event.trader': 'Появился бродячий торговец',
  'feed.event.convoy': 'Появился конвой',

  'feed.connection.joined': '{name} зашёл на сервер',
  'feed.connection.left': '{name} вышел с сервера',

  'feed.held.title': '⏸️ Сообщения не показаны',
  'feed.held.summary': 'Не показано, пока этот канал не принимал сообщения бота: {parts} (в статистике всё учтено).',
  'feed.held.killfeed': { one: '{count} сообщение об убийстве', few: '{count} сообщения об убийствах', many: '{count} сообщений об убийствах', other: '{count} сообщения об убийствах' },
  'feed.held.events': { one: '{count} событие', few: '{count} события', many: '{count} событий', other: '{count} события' },
  'feed.held.connections': { one: '{count} вход/выход', few: '{count} входа/выхода', many: '{count} входов/выходов', other: '{count} входа/выхода' },
  'feed.held.separator': '{first}, {rest}',

  'feed.playerCount.name': '🟢 {online}/{max}',
  'feed.playerCount.queued': '🟢 {online}/{max} ({queued} в очереди)',

  'feed.listing.limited': 'список файлов ограничен: {parts}',
  'feed.listing.separator': '{first}; {rest}',
  'feed.listing.worlds': 'папок world_N: {count}, читаются только {max} с наибольшими номерами',
  'feed.listing.csvs': '{world}: читаются только новейшие CSV-файлы ({max} из {count})',
  'feed.listing.unlisted': '{world}: слишком много записей для полного списка, читаются новейшие из найденных CSV-файлов (до {max})',
  'feed.listing.more': 'обрезано ещё папок миров: {count}',
} as const satisfies TranslationOf<typeof english>;

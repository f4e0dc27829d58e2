import type { pulse as english } from '../en/pulse.js';
import type { TranslationOf } from '../types.js';

export const pulse = {
  'pulse.session.length': 'сессия {duration}',
  'cmd.online': 'Кто сейчас на серверах и сколько времени в игре',
  'pulse.online.title': '🟢 Сейчас в игре · {scope}',
  'pulse.online.none': 'Никого нет в игре.',
  'pulse.online.server': '**{server}** · в игре: {online}',
  'pulse.online.line': '{name} · в игре с <t:{at}:R>',
  'pulse.online.lineNoStart': '{name}',
  'pulse.online.member': '{name} ({member})',
  'pulse.online.page': 'Страница {page} из {pages} · по логу сервера',
  'cmd.server.settings.query_port': 'Порт Steam-запроса (A2S) для игроков, названия и карты; 0 отключает',
  'query.down': '🔴 **{name}** недоступен: сервер перестал отвечать на запрос.',
  'query.back': '🟢 **{name}** снова работает: {online}/{max} игроков.',
  'query.settings.port': '**Запрос сервера:** порт {port}',
  'query.settings.off': '**Запрос сервера:** выключен',
  'query.list.up': 'Запрос: {online}/{max} игроков · {map} · {version} · ответ <t:{at}:R>',
  'query.list.down': '🔴 Недоступен с <t:{at}:R>: нет ответа на запрос сервера',
  'query.list.refused': 'Запрос: адрес отклонён (не публичный или не найден)',
  'query.list.waiting': 'Запрос: порт {port}, ответа пока нет',
} satisfies TranslationOf<typeof english>;

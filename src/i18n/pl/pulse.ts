import type { pulse as english } from '../en/pulse.js';
import type { TranslationOf } from '../types.js';

export const pulse = {
  'pulse.session.length': 'sesja {duration}',
  'cmd.online': 'Kto jest teraz online na serwerach i od jak dawna',
  'pulse.online.title': '🟢 Teraz online · {scope}',
  'pulse.online.none': 'Nikt nie jest online.',
  'pulse.online.server': '**{server}** · online: {online}',
  'pulse.online.line': '{name} · online od <t:{at}:R>',
  'pulse.online.lineNoStart': '{name}',
  'pulse.online.member': '{name} ({member})',
  'pulse.online.page': 'Strona {page} z {pages} · z logu serwera',
  'cmd.server.settings.query_port': 'Port zapytań Steam (A2S) o graczy, nazwę i mapę; 0 wyłącza',
  'query.down': '🔴 **{name}** nie działa: serwer przestał odpowiadać na zapytania.',
  'query.back': '🟢 **{name}** znowu działa: graczy {online}/{max}.',
  'query.settings.port': '**Zapytania serwera:** port {port}',
  'query.settings.off': '**Zapytania serwera:** wyłączone',
  'query.list.up': 'Zapytanie: graczy {online}/{max} · {map} · {version} · odpowiedź <t:{at}:R>',
  'query.list.down': '🔴 Nie działa od <t:{at}:R>: brak odpowiedzi na zapytanie serwera',
  'query.list.refused': 'Zapytanie: adres odrzucony (niepubliczny lub nie znaleziony)',
  'query.list.waiting': 'Zapytanie: port {port}, jeszcze bez odpowiedzi',
} satisfies TranslationOf<typeof english>;

import type { pulse as english } from '../en/pulse.js';
import type { TranslationOf } from '../types.js';

export const pulse = {
  'pulse.session.length': 'Sitzung {duration}',
  'cmd.online': 'Wer gerade auf den Servern online ist, und seit wann',
  'pulse.online.title': '🟢 Jetzt online · {scope}',
  'pulse.online.none': 'Niemand ist online.',
  'pulse.online.server': '**{server}** · {online} online',
  'pulse.online.line': '{name} · online seit <t:{at}:R>',
  'pulse.online.lineNoStart': '{name}',
  'pulse.online.member': '{name} ({member})',
  'pulse.online.page': 'Seite {page} von {pages} · aus dem Server-Log',
  'cmd.server.settings.query_port': 'Steam-Query-Port (A2S) für Spieler, Name und Karte; 0 schaltet ihn ab',
  'query.down': '🔴 **{name}** ist down: Der Server antwortet nicht mehr auf die Abfrage.',
  'query.back': '🟢 **{name}** ist wieder da: {online}/{max} Spieler.',
  'query.settings.port': '**Server-Abfrage:** Port {port}',
  'query.settings.off': '**Server-Abfrage:** aus',
  'query.list.up': 'Abfrage: {online}/{max} Spieler · {map} · {version} · Antwort <t:{at}:R>',
  'query.list.down': '🔴 Down seit <t:{at}:R>: keine Antwort auf die Server-Abfrage',
  'query.list.refused': 'Abfrage: Adresse abgelehnt (nicht öffentlich oder nicht gefunden)',
  'query.list.waiting': 'Abfrage: Port {port}, noch keine Antwort',
} satisfies TranslationOf<typeof english>;

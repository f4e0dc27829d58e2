import type { files as english } from '../../en/server/files.js';
import type { TranslationOf } from '../../types.js';

export const files = {
  'server.browse.title': { one: '📁 {name} — Seite {page}/{pages} ({count} Eintrag)', other: '📁 {name} — Seite {page}/{pages} ({count} Einträge)' },
  'server.browse.empty': '*leerer Ordner*',
  'server.browse.truncated': '⚠️ Ordner gekürzt',
  'server.browse.truncatedDetail': 'Nur die ersten {max} Einträge werden aufgelistet.',
  'server.browse.previous': '◀ Zurück',
  'server.browse.next': 'Weiter ▶',
  'server.browse.up': '⬆ Hoch',
  'server.browse.open': 'Ordner öffnen…',
  'server.browse.outdated': 'diese Auflistung ist veraltet; führe `/server browse` erneut aus',
  'server.browse.notFolderName': 'kein Ordnername',

  'server.download.needFile': 'gib den Pfad einer Datei an, z. B. `Logs/Deadside.log`',
  'server.download.sent': '📄 {path} von **{name}** ({size})',

  'server.backfill.running': '⏳ **Backfill von {name}**',
  'server.backfill.progress': 'Dateien {done}/{files} · {lines} Zeilen · {rate} Zeilen/s · noch {eta}',
  'server.backfill.done': '✅ **Backfill von {name}** fertig in {elapsed}.',
  'server.backfill.summary': 'Dateien {files}/{files} · {lines} neue Zeilen · {total} Zeilen insgesamt gelesen',
  'server.backfill.summaryMalformed': 'Dateien {files}/{files} · {lines} neue Zeilen · {total} Zeilen insgesamt gelesen · {malformed} fehlerhafte Zeilen übersprungen',
  'server.backfill.stopped': '⚠️ **Backfill von {name}** abgebrochen: {error}. Was bisher gelesen wurde, bleibt erhalten; führe `/server backfill` erneut aus, um weiterzumachen.',
  'server.backfill.unknownError': 'unbekannter Fehler',
  'server.backfill.paused': '**{name}** ist pausiert; setze ihn zuerst mit `/server settings paused:False` fort',
  'server.backfill.notPolled': '**{name}** wird vom Bot noch nicht abgefragt; versuch es in einer Minute erneut',
  'server.backfill.stoppedPolling': '**{name}** wird inzwischen nicht mehr abgefragt (pausiert, entfernt oder Host-Key geändert); siehe `/server list`',
} as const satisfies TranslationOf<typeof english>;

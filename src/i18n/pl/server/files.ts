import type { files as english } from '../../en/server/files.js';
import type { TranslationOf } from '../../types.js';

export const files = {
  'server.browse.title': {
    one: '📁 {name} — strona {page}/{pages} ({count} element)',
    few: '📁 {name} — strona {page}/{pages} ({count} elementy)',
    many: '📁 {name} — strona {page}/{pages} ({count} elementów)',
    other: '📁 {name} — strona {page}/{pages} ({count} elementu)',
  },
  'server.browse.empty': '*pusty folder*',
  'server.browse.truncated': '⚠️ Folder skrócony',
  'server.browse.truncatedDetail': 'Wyświetlono tylko pierwsze {max} pozycji.',
  'server.browse.previous': '◀ Wstecz',
  'server.browse.next': 'Dalej ▶',
  'server.browse.up': '⬆ W górę',
  'server.browse.open': 'Otwórz folder…',
  'server.browse.outdated': 'ta lista jest nieaktualna; uruchom `/server browse` ponownie',
  'server.browse.notFolderName': 'to nie jest nazwa folderu',

  'server.download.needFile': 'podaj ścieżkę do pliku, np. `Logs/Deadside.log`',
  'server.download.sent': '📄 {path} z **{name}** ({size})',

  'server.backfill.running': '⏳ **Wczytywanie historii {name}**',
  'server.backfill.progress': 'Pliki {done}/{files} · linie: {lines} · {rate} linii/s · zostało {eta}',
  'server.backfill.done': '✅ **Wczytywanie historii {name}** zakończone w {elapsed}.',
  'server.backfill.summary': 'Pliki {files}/{files} · nowe linie: {lines} · łącznie odczytane linie: {total}',
  'server.backfill.summaryMalformed': 'Pliki {files}/{files} · nowe linie: {lines} · łącznie odczytane linie: {total} · pominięte błędne linie: {malformed}',
  'server.backfill.stopped': '⚠️ **Wczytywanie historii {name}** przerwane: {error}. To, co już odczytano, zostaje; uruchom `/server backfill` ponownie, aby kontynuować.',
  'server.backfill.unknownError': 'nieznany błąd',
  'server.backfill.paused': '**{name}** jest wstrzymany; najpierw wznów go przez `/server settings paused:False`',
  'server.backfill.notPolled': 'bot jeszcze nie odczytuje **{name}**; spróbuj ponownie za minutę',
  'server.backfill.stoppedPolling': '**{name}** w międzyczasie przestał być odczytywany (wstrzymany, usunięty lub zmienił się klucz hosta); zobacz `/server list`',
} as const satisfies TranslationOf<typeof english>;

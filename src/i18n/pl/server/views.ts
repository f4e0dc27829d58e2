import type { views as english } from '../../en/server/views.js';
import type { TranslationOf } from '../../types.js';

export const views = {
  'server.time.never': 'nigdy',

  'server.field.address': 'Adres',
  'server.field.handshake': 'Uzgadnianie',
  'server.field.hostKeySha256': 'Klucz hosta (SHA256)',
  'server.field.hostKey': 'Klucz hosta',
  'server.field.latency': 'Opóźnienie',
  'server.field.found': 'Znaleziono',
  'server.field.pinned': 'Przypięty',
  'server.field.presented': 'Przedstawiony',
  'server.field.presentedNow': 'Przedstawiony teraz',
  'server.field.root': 'Katalog główny',
  'server.field.ms': '{ms} ms',

  'server.trustPrompt.title': '{name}: sprawdź klucz hosta',
  'server.trustPrompt.description':
    'Host przedstawił się kluczem poniżej. Jeśli twój hosting serwera gry pokazuje odcisk klucza, porównaj go; po zaufaniu bot odmówi połączenia, jeśli klucz kiedykolwiek się zmieni (ochrona przed przechwyceniem). Hasło nie zostało jeszcze wysłane: po **Zaufaj i zapisz** bot zaloguje się z przypiętym kluczem i pokaże, co znalazł.',
  'server.trustPrompt.footer': 'Ta prośba wygasa za 15 minut. Hasło jest przechowywane w postaci zaszyfrowanej.',

  'server.unpinned.title': '{name}: brak zaufanego klucza hosta',
  'server.unpinned.description':
    'Bot nigdy nie sprawdzał klucza hosta tego serwera, więc nigdzie nie wysłał jego hasła. Porównaj klucz poniżej z tym, który pokazuje twój hosting; **Zaufaj kluczowi** przypina go i testuje logowanie.',

  'server.testReport.title': '✅ {name}: połączenie OK',
  'server.testReport.latency': '{ms} ms (nawiązanie {connectMs} ms)',
  'server.testReport.matches': '✅ zgadza się z przypiętym kluczem',
  'server.testReport.matchesAgain': '✅ znów zgadza się z przypiętym kluczem: połączenia są ponownie dozwolone',

  'server.mismatch.title': '⚠️ {name}: klucz hosta się zmienił',
  'server.mismatch.description':
    'Host przedstawił inny klucz niż ten, któremu zaufano przy dodawaniu serwera. Bot nie połączy się, dopóki nie zdecydujesz.\n• **Zaufaj nowemu kluczowi**, jeśli hosting przeniósł lub przeinstalował serwer (w razie wątpliwości zapytaj).\n• **Zostaw blokadę**, jeśli u ciebie nic się nie zmieniło: ktoś może przechwytywać połączenie.',

  'server.found.notSearched': 'nie szukano',
  'server.found.noKillfeed': '⚠️ w katalogu głównym nie znaleziono folderu killfeedu (`actual1/deathlogs/world_N`)',
  'server.found.killfeedDir': {
    one: '📁 {path} — {count} plik CSV',
    few: '📁 {path} — {count} pliki CSV',
    many: '📁 {path} — {count} plików CSV',
    other: '📁 {path} — {count} pliku CSV',
  },
  'server.found.moreKillfeedDirs': {
    one: '… i jeszcze {count} folder killfeedu',
    few: '… i jeszcze {count} foldery killfeedu',
    many: '… i jeszcze {count} folderów killfeedu',
    other: '… i jeszcze {count} folderu killfeedu',
  },
  'server.found.noLog': '⚠️ nie znaleziono `Logs/Deadside.log`',
  'server.found.incomplete': '⚠️ wyszukiwanie przerwano wcześniej: ustaw katalog główny bliżej plików serwera',
  'server.found.severalServers': {
    one: '⚠️ {count} serwer gry w tym katalogu głównym: ustaw katalog główny na folder jednego serwera, np. {example}',
    few: '⚠️ {count} serwery gry w tym katalogu głównym: ustaw katalog główny na folder jednego serwera, np. {example}',
    many: '⚠️ {count} serwerów gry w tym katalogu głównym: ustaw katalog główny na folder jednego serwera, np. {example}',
    other: '⚠️ {count} serwera gry w tym katalogu głównym: ustaw katalog główny na folder jednego serwera, np. {example}',
  },

  'server.status.blocked': 'zablokowany: klucz hosta się zmienił (uruchom `/server test`)',
  'server.status.unreadable': 'wstrzymany: zapisanego hasła nie da się odczytać (wpisz je ponownie przez `/server edit`)',
  'server.status.untrusted': 'klucz hosta jeszcze niezaufany (uruchom `/server test`)',
  'server.status.tierPaused': 'wstrzymany przez plan premium: ponad jego limit serwerów (wznowi się sam przy wyższym planie lub mniejszej liczbie serwerów; zobacz `/premium status`)',
  'server.status.paused': 'wstrzymany',
  'server.status.error': 'błąd {when}',
  'server.status.polling': 'odczytywany',
  'server.status.waiting': 'czeka na pierwszy odczyt',

  'server.list.title': 'Serwery gry',
  'server.list.footer': {
    one: 'Serwery: {servers} z {count} (plan {tier})',
    few: 'Serwery: {servers} z {count} (plan {tier})',
    many: 'Serwery: {servers} z {count} (plan {tier})',
    other: 'Serwery: {servers} z {count} (plan {tier})',
  },
  'server.list.footerTierPaused': {
    one: 'Serwery: {servers} z {count} (plan {tier}) · wstrzymane przez plan: {paused}',
    few: 'Serwery: {servers} z {count} (plan {tier}) · wstrzymane przez plan: {paused}',
    many: 'Serwery: {servers} z {count} (plan {tier}) · wstrzymane przez plan: {paused}',
    other: 'Serwery: {servers} z {count} (plan {tier}) · wstrzymane przez plan: {paused}',
  },
  'server.list.empty': 'Nie ma jeszcze serwera gry. Dodaj go przez `/server add`.',
  'server.list.fieldName': '{name} (id {id})',
  'server.list.status': '**Status:** {status}',
  'server.list.address': '**Adres:** {address} · katalog główny {root}',
  'server.list.addressLegacy': '**Adres:** {address} · katalog główny {root} · przestarzały SSH',
  'server.list.lastPoll': '**Ostatni odczyt:** {when} · **odczytane linie:** {lines} · {every}',
  'server.list.poll': 'co {seconds} s',
  'server.list.pollTierMax': 'co {seconds} s (tak często, jak pozwala plan {tier})',
  'server.list.pollTierFloor': 'co {seconds} s (minimum planu {tier}; ustawiono {set} s)',
  'server.list.lastError': '**Ostatni błąd:** {error}',
  'server.list.noError': 'brak',
  'server.list.channels': '**Kanały:** killfeed {killfeed} · wyróżnienia {callouts} · wydarzenia {events} · połączenia {connections} · liczba graczy {playercount}',
  'server.list.compact': 'odczyt {polled} · linie: {lines}',
  'server.list.legend': 'Legenda: 📰 killfeed · 🏆 wyróżnienia · 📣 wydarzenia · 🚪 połączenia · 🔊 liczba graczy · ⏸️ wstrzymany (brak uprawnień)',

  'server.held.line': '⏸️ **{feed} wstrzymany:** {why}',
  'server.held.text': '{why} (początek: {since}; posty są zachowywane i zostaną wysłane po kolei, gdy to naprawisz)',
  'server.held.deleted': 'kanał został usunięty: wybierz inny przez `/server channels`',
  'server.held.missing': 'potrzebuję tam uprawnień {permissions}',
  'server.held.refused': 'Discord odrzucił tam posty (kod {code}); ponowna próba {retry}',
  'server.lastError.hostKeyChanged': 'klucz hosta się zmienił',
  'server.lastError.passwordUnreadable': 'zapisane hasło jest nieczytelne: wpisz je ponownie przez /server edit',
  'server.lastError.passwordDeleted': 'hasło usunięte, gdy bot opuścił ten serwer Discord: wpisz je ponownie przez /server edit',
} as const satisfies TranslationOf<typeof english>;

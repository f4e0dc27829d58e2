import type { sftp as english } from '../en/sftp.js';
import type { TranslationOf } from '../types.js';

export const sftp = {
  'sftp.hostKey.mismatch':
    'klucz hosta dla {server} się zmienił: oczekiwano {expected}, a serwer przedstawił {actual}. Jeśli host został przeinstalowany lub przeniesiony, użyj /server test i zaufaj nowemu kluczowi; w przeciwnym razie ktoś może przechwytywać połączenie.',
  'sftp.hostKey.thisServer': 'tego serwera',
  'sftp.hostKey.rejected': 'klucz hosta {host}:{port} został odrzucony',
  'sftp.where': '{host}:{port}',
  'sftp.error.unreachable':
    'nie udało się połączyć z serwerem SSH pod adresem {host}:{port}: sprawdź host i port (wielu hostingodawców używa 8822) oraz czy serwer jest online',
  'sftp.error.auth': 'uwierzytelnianie nie powiodło się: sprawdź nazwę użytkownika i hasło',
  'sftp.error.refused':
    '{host}:{port} odrzucił połączenie: port jest zamknięty albo nie nasłuchuje na nim serwer SFTP (sprawdź port; wielu hostingodawców używa 8822)',
  'sftp.error.timeout': 'przekroczono czas połączenia z {host}:{port}: host nie odpowiedział (sprawdź host, port i zaporę)',
  'sftp.error.hostUnreachable': 'host {host}:{port} jest nieosiągalny dla bota',
  'sftp.error.handshake':
    'nie udało się uzgodnić algorytmów SSH z {host}:{port}: serwer może oferować tylko przestarzałe algorytmy (włącz `legacy_algorithms` w /server add lub /server edit)',
  'sftp.error.lost': 'połączenie z {host}:{port} zostało zerwane; spróbuj ponownie za chwilę',
  'sftp.error.notFound': 'nie ma takiego pliku ani folderu',
  'sftp.error.notFoundPath': 'nie ma takiego pliku ani folderu: {path}',
  'sftp.error.permission': 'brak dostępu',
  'sftp.error.permissionPath': 'brak dostępu: {path}',
  'sftp.error.other': 'błąd SFTP podczas komunikacji z {host}:{port}',

  'sftp.host.empty': 'host jest pusty',
  'sftp.host.invalid': '„{host}” nie jest prawidłową nazwą hosta: podaj adres IP lub nazwę w stylu sftp.example.com, bez sftp:// i bez portu',
  'sftp.host.unresolved': 'nie udało się rozwiązać nazwy hosta „{host}”: sprawdź pisownię',
  'sftp.host.dnsTimeout': 'nie udało się rozwiązać nazwy hosta „{host}” (DNS nie odpowiedział na czas): sprawdź pisownię',
  'sftp.host.notPublic': 'host „{host}” wskazuje na {address} ({why}): dozwolone są tylko adresy publiczne',
  'sftp.port.invalid': 'port musi być liczbą całkowitą od 1 do 65535 (podano: {got})',

  'sftp.addressKind.unspecified': 'adres nieokreślony',
  'sftp.addressKind.loopback': 'loopback',
  'sftp.addressKind.private': 'sieć prywatna',
  'sftp.addressKind.cgnat': 'carrier-grade NAT',
  'sftp.addressKind.linkLocal': 'link-local',
  'sftp.addressKind.ietf': 'przydział protokołów IETF',
  'sftp.addressKind.benchmarking': 'sieć do testów wydajności',
  'sftp.addressKind.multicast': 'multicast',
  'sftp.addressKind.reserved': 'adres zarezerwowany',
  'sftp.addressKind.broadcast': 'broadcast',
  'sftp.addressKind.siteLocal': 'site-local',
  'sftp.addressKind.documentation': 'adres do dokumentacji',
  'sftp.addressKind.localNat64': 'local-use NAT64',
  'sftp.addressKind.notIp': 'to nie jest adres IP',
  'sftp.addressKind.embedded': '{why}, {form}',

  'sftp.path.rootNul': 'ścieżka folderu głównego zawiera bajt NUL',
  'sftp.path.nul': 'ścieżka zawiera bajt NUL',
  'sftp.path.tooLong': 'ścieżka jest za długa',
  'sftp.path.outsideRoot': 'ścieżka „{path}” leży poza folderem głównym tego serwera ({root})',
  'sftp.path.missing': '`{path}` nie istnieje',
  'sftp.path.pointsOutside': '`{path}` wskazuje poza folder główny tego serwera',
  'sftp.path.outside': 'poza folderem głównym',
  'sftp.path.isFile': '`{path}` to plik, a nie folder',
  'sftp.path.notFile': '`{path}` nie jest plikiem',
  'sftp.path.denied': 'brak uprawnień do odczytu `{path}`',
  'sftp.path.tooBig': '`{path}` ma {size}, czyli więcej niż limit pobierania ({limit})',
  'sftp.read.badOffset': 'przesunięcie odczytu musi być nieujemną liczbą całkowitą',

  'sftp.pool.full': 'bot osiągnął limit połączeń SFTP; spróbuj ponownie za chwilę',
  'sftp.pool.unknownServer': 'nieznany serwer SFTP {id}',
  'sftp.test.noUsername': 'nazwa użytkownika jest pusta',
  'sftp.test.noPassword': 'hasło jest wymagane',
  'sftp.test.noRoot': 'folder główny „{root}” nie istnieje na serwerze',
} as const satisfies TranslationOf<typeof english>;

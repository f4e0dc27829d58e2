import type { sftp as english } from '../en/sftp.js';
import type { TranslationOf } from '../types.js';

export const sftp = {
  'sftp.hostKey.mismatch':
    'der Host-Key für {server} hat sich geändert: erwartet war {expected}, der Server hat aber {actual} vorgelegt. Wurde der Host neu installiert oder ist er umgezogen, führe /server test aus und vertraue dem neuen Key; andernfalls fängt womöglich jemand die Verbindung ab.',
  'sftp.hostKey.thisServer': 'diesen Server',
  'sftp.hostKey.rejected': 'der Host-Key von {host}:{port} wurde abgelehnt',
  'sftp.where': '{host}:{port}',
  'sftp.error.unreachable':
    'unter {host}:{port} ist kein SSH-Server erreichbar: prüfe Host und Port (viele Hoster nutzen 8822) und ob der Server online ist',
  'sftp.error.auth': 'Anmeldung fehlgeschlagen: prüfe Benutzername und Passwort',
  'sftp.error.refused':
    '{host}:{port} hat die Verbindung abgelehnt: der Port ist geschlossen oder dort lauscht kein SFTP-Server (prüfe den Port; viele Hoster nutzen 8822)',
  'sftp.error.timeout': 'Zeitüberschreitung bei der Verbindung zu {host}:{port}: der Host hat nicht geantwortet (prüfe Host, Port und Firewall)',
  'sftp.error.hostUnreachable': 'der Host {host}:{port} ist für den Bot nicht erreichbar',
  'sftp.error.handshake':
    'keine Einigung auf SSH-Algorithmen mit {host}:{port}: der Server bietet vermutlich nur veraltete Algorithmen an (aktiviere `legacy_algorithms` in /server add oder /server edit)',
  'sftp.error.lost': 'die Verbindung zu {host}:{port} ist abgebrochen; versuch es gleich noch einmal',
  'sftp.error.notFound': 'Datei oder Ordner nicht gefunden',
  'sftp.error.notFoundPath': 'Datei oder Ordner nicht gefunden: {path}',
  'sftp.error.permission': 'Zugriff verweigert',
  'sftp.error.permissionPath': 'Zugriff verweigert: {path}',
  'sftp.error.other': 'SFTP-Fehler bei der Verbindung mit {host}:{port}',

  'sftp.host.empty': 'der Host ist leer',
  'sftp.host.invalid': '„{host}“ ist kein gültiger Hostname: gib eine IP-Adresse oder einen Namen wie sftp.example.com an, ohne sftp:// und ohne Port',
  'sftp.host.unresolved': 'der Host „{host}“ konnte nicht aufgelöst werden: prüfe die Schreibweise',
  'sftp.host.dnsTimeout': 'der Host „{host}“ konnte nicht aufgelöst werden (DNS-Zeitüberschreitung): prüfe die Schreibweise',
  'sftp.host.notPublic': 'der Host „{host}“ zeigt auf {address} ({why}): nur öffentliche Adressen sind erlaubt',
  'sftp.port.invalid': 'der Port muss eine ganze Zahl von 1 bis 65535 sein (angegeben: {got})',

  'sftp.addressKind.unspecified': 'unspezifizierte Adresse',
  'sftp.addressKind.loopback': 'Loopback',
  'sftp.addressKind.private': 'privates Netz',
  'sftp.addressKind.cgnat': 'Carrier-Grade NAT',
  'sftp.addressKind.linkLocal': 'Link-Local',
  'sftp.addressKind.ietf': 'IETF-Protokollzuweisung',
  'sftp.addressKind.benchmarking': 'Benchmark-Netz',
  'sftp.addressKind.multicast': 'Multicast',
  'sftp.addressKind.reserved': 'reservierte Adresse',
  'sftp.addressKind.broadcast': 'Broadcast',
  'sftp.addressKind.siteLocal': 'Site-Local',
  'sftp.addressKind.documentation': 'Dokumentationsadresse',
  'sftp.addressKind.localNat64': 'Local-Use NAT64',
  'sftp.addressKind.notIp': 'keine IP-Adresse',
  'sftp.addressKind.embedded': '{why}, {form}',

  'sftp.path.rootNul': 'der Pfad des Stammordners enthält ein NUL-Byte',
  'sftp.path.nul': 'der Pfad enthält ein NUL-Byte',
  'sftp.path.tooLong': 'der Pfad ist zu lang',
  'sftp.path.outsideRoot': 'der Pfad „{path}“ liegt außerhalb des Stammordners dieses Servers ({root})',
  'sftp.path.missing': '`{path}` existiert nicht',
  'sftp.path.pointsOutside': '`{path}` zeigt aus dem Stammordner dieses Servers hinaus',
  'sftp.path.outside': 'außerhalb des Stammordners',
  'sftp.path.isFile': '`{path}` ist eine Datei, kein Ordner',
  'sftp.path.notFile': '`{path}` ist keine Datei',
  'sftp.path.denied': 'keine Leseberechtigung für `{path}`',
  'sftp.path.tooBig': '`{path}` ist {size} groß und liegt damit über dem Download-Limit von {limit}',
  'sftp.read.badOffset': 'der Lese-Offset muss eine nicht negative ganze Zahl sein',

  'sftp.pool.full': 'der Bot hat sein Limit an SFTP-Verbindungen erreicht; versuch es gleich noch einmal',
  'sftp.pool.unknownServer': 'unbekannter SFTP-Server {id}',
  'sftp.test.noUsername': 'der Benutzername ist leer',
  'sftp.test.noPassword': 'ein Passwort ist erforderlich',
  'sftp.test.noRoot': 'der Stammordner „{root}“ existiert auf dem Server nicht',
} as const satisfies TranslationOf<typeof english>;

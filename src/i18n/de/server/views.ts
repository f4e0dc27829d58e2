import type { views as english } from '../../en/server/views.js';
import type { TranslationOf } from '../../types.js';

export const views = {
  'server.time.never': 'nie',

  'server.field.address': 'Adresse',
  'server.field.handshake': 'Handshake',
  'server.field.hostKeySha256': 'Host-Key (SHA256)',
  'server.field.hostKey': 'Host-Key',
  'server.field.latency': 'Latenz',
  'server.field.found': 'Gefunden',
  'server.field.pinned': 'Hinterlegt',
  'server.field.presented': 'Vorgelegt',
  'server.field.presentedNow': 'Jetzt vorgelegt',
  'server.field.root': 'Stammordner',
  'server.field.ms': '{ms} ms',

  'server.trustPrompt.title': '{name}: Host-Key prüfen',
  'server.trustPrompt.description':
    'Der Host hat sich mit dem Key unten ausgewiesen. Wenn dein Gameserver-Hoster einen Fingerprint anzeigt, vergleiche ihn; sobald du ihm vertraust, verweigert der Bot die Verbindung, falls sich der Key jemals ändert (Schutz vor Abfangen). Es wurde noch kein Passwort gesendet: Nach **Vertrauen & speichern** meldet sich der Bot mit diesem hinterlegten Key an und zeigt, was er gefunden hat.',
  'server.trustPrompt.footer': 'Diese Anfrage läuft in 15 Minuten ab. Das Passwort wird verschlüsselt gespeichert.',

  'server.unpinned.title': '{name}: noch kein Host-Key vertraut',
  'server.unpinned.description':
    'Der Bot hat den Host-Key dieses Servers noch nie geprüft und sein Passwort deshalb nirgendwohin gesendet. Vergleiche den Key unten mit dem, den dein Gameserver-Hoster anzeigt; **Key vertrauen** hinterlegt ihn und testet dann die Anmeldung.',

  'server.testReport.title': '✅ {name}: Verbindung OK',
  'server.testReport.latency': '{ms} ms (Verbindungsaufbau {connectMs} ms)',
  'server.testReport.matches': '✅ stimmt mit dem hinterlegten Key überein',
  'server.testReport.matchesAgain': '✅ stimmt wieder mit dem hinterlegten Key überein: Verbindungen sind wieder erlaubt',

  'server.mismatch.title': '⚠️ {name}: Der Host-Key hat sich geändert',
  'server.mismatch.description':
    'Der Host hat einen anderen Key vorgelegt als den, dem beim Hinzufügen des Servers vertraut wurde. Der Bot verbindet sich nicht, bis du entscheidest.\n• **Neuem Key vertrauen**, wenn dein Hoster den Server umgezogen oder neu installiert hat (frag im Zweifel nach).\n• **Gesperrt lassen**, wenn sich bei dir nichts geändert hat: Jemand könnte die Verbindung abfangen.',

  'server.found.notSearched': 'nicht gesucht',
  'server.found.noKillfeed': '⚠️ kein Killfeed-Ordner (`actual1/deathlogs/world_N`) unter dem Stammordner gefunden',
  'server.found.killfeedDir': { one: '📁 {path} — {count} CSV-Datei', other: '📁 {path} — {count} CSV-Dateien' },
  'server.found.moreKillfeedDirs': { one: '… und {count} weiterer Killfeed-Ordner', other: '… und {count} weitere Killfeed-Ordner' },
  'server.found.noLog': '⚠️ keine `Logs/Deadside.log` gefunden',
  'server.found.incomplete': '⚠️ die Suche wurde vorzeitig beendet: Setze den Stammordner näher an die Serverdateien',
  'server.found.severalServers': {
    one: '⚠️ {count} Gameserver unter diesem Stammordner: Setze den Stammordner auf den Ordner eines Servers, z. B. {example}',
    other: '⚠️ {count} Gameserver unter diesem Stammordner: Setze den Stammordner auf den Ordner eines Servers, z. B. {example}',
  },

  'server.status.blocked': 'gesperrt: Host-Key geändert (führe `/server test` aus)',
  'server.status.unreadable': 'pausiert: gespeichertes Passwort unlesbar (gib es mit `/server edit` neu ein)',
  'server.status.untrusted': 'Host-Key noch nicht vertraut (führe `/server test` aus)',
  'server.status.tierPaused': 'vom Premium-Tarif pausiert: über seinem Serverlimit (läuft von selbst weiter mit höherem Tarif oder weniger Servern; siehe `/premium status`)',
  'server.status.paused': 'pausiert',
  'server.status.error': 'Fehler {when}',
  'server.status.polling': 'wird abgefragt',
  'server.status.waiting': 'wartet auf die erste Abfrage',

  'server.list.title': 'Gameserver',
  'server.list.footer': { one: '{servers} von {count} Server ({tier}-Tarif)', other: '{servers} von {count} Servern ({tier}-Tarif)' },
  'server.list.footerTierPaused': {
    one: '{servers} von {count} Server ({tier}-Tarif) · {paused} vom Tarif pausiert',
    other: '{servers} von {count} Servern ({tier}-Tarif) · {paused} vom Tarif pausiert',
  },
  'server.list.empty': 'Noch kein Gameserver. Füge einen mit `/server add` hinzu.',
  'server.list.fieldName': '{name} (ID {id})',
  'server.list.status': '**Status:** {status}',
  'server.list.address': '**Adresse:** {address} · Stammordner {root}',
  'server.list.addressLegacy': '**Adresse:** {address} · Stammordner {root} · veraltetes SSH',
  'server.list.lastPoll': '**Letzte Abfrage:** {when} · **Zeilen gelesen:** {lines} · {every}',
  'server.list.poll': 'alle {seconds} s',
  'server.list.pollTierMax': 'alle {seconds} s (so oft, wie der {tier}-Tarif erlaubt)',
  'server.list.pollTierFloor': 'alle {seconds} s (Minimum des {tier}-Tarifs; eingestellt: {set} s)',
  'server.list.lastError': '**Letzter Fehler:** {error}',
  'server.list.noError': 'keiner',
  'server.list.channels': '**Kanäle:** Killfeed {killfeed} · Highlights {callouts} · Events {events} · Verbindungen {connections} · Spielerzahl {playercount}',
  'server.list.compact': 'abgefragt {polled} · {lines} Zeilen',
  'server.list.legend': 'Legende: 📰 Killfeed · 🏆 Highlights · 📣 Events · 🚪 Verbindungen · 🔊 Spielerzahl · ⏸️ pausiert (fehlende Berechtigungen)',

  'server.held.line': '⏸️ **{feed} pausiert:** {why}',
  'server.held.text': '{why} (begonnen {since}; Posts bleiben erhalten und werden der Reihe nach gesendet, sobald es behoben ist)',
  'server.held.deleted': 'der Kanal wurde gelöscht: Wähle mit `/server channels` einen anderen',
  'server.held.missing': 'ich brauche dort {permissions}',
  'server.held.refused': 'Discord hat dort Posts abgelehnt (Code {code}); nächster Versuch {retry}',
  'server.lastError.hostKeyChanged': 'Host-Schlüssel geändert',
  'server.lastError.passwordUnreadable': 'gespeichertes Passwort nicht lesbar: gib es mit /server edit erneut ein',
  'server.lastError.passwordDeleted': 'Passwort gelöscht, als der Bot diesen Discord-Server verlassen hat: gib es mit /server edit erneut ein',
} as const satisfies TranslationOf<typeof english>;

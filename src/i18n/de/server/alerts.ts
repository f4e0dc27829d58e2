import type { alerts as english } from '../../en/server/alerts.js';
import type { TranslationOf } from '../../types.js';

export const alerts = {
  'server.alert.hostKey.title': '⚠️ Host-Key geändert: {name}',
  'server.alert.hostKey.description':
    'Der SFTP-Host hat einen anderen Key vorgelegt, deshalb verbindet sich der Bot nicht mehr mit **{name}** (Killfeed und Events sind pausiert).\nWenn der Hoster den Server umgezogen oder neu installiert hat, kann ein Admin den neuen Key mit `/server test` prüfen und ihm vertrauen. Wenn sich bei euch nichts geändert hat, könnte jemand die Verbindung abfangen: Wendet euch zuerst an euren Hoster.',

  'server.alert.password.title': '⚠️ Passwort unlesbar: {name}',
  'server.alert.password.description':
    'Der Bot kann das gespeicherte SFTP-Passwort von **{name}** nicht lesen (sein Schlüssel SECRETS_KEY wurde geändert oder ist verloren), deshalb liest er diesen Server nicht mehr. Ein Admin kann das Passwort mit `/server edit` neu eingeben; danach laufen die Feeds weiter.',

  'server.alert.tier.title': 'Premium: jetzt {tier} (vorher {was})',
  'server.alert.tier.description':
    'Der Premium-Tarif dieses Discord-Servers hat sich von **{was}** auf **{tier}** geändert (eine Freischaltung ist abgelaufen, wurde widerrufen oder ersetzt). Nichts wurde gelöscht; was über den neuen Tarif hinausgeht, wird pausiert oder verlangsamt. Die Betreiber des Bots können wieder einen höheren Tarif freischalten; `/premium status` zeigt ihn.',
  'server.alert.tier.servers': 'Gameserver',
  'server.alert.tier.nonePaused': 'Kein Gameserver musste pausiert werden.',
  'server.alert.tier.beyond': {
    one: 'Er liegt über dem Limit des {tier}-Tarifs von {limit} (der neueste wird zuerst pausiert) und läuft von selbst weiter, sobald der Tarif es wieder erlaubt.',
    other: 'Sie liegen über dem Limit des {tier}-Tarifs von {limit} (die neuesten werden zuerst pausiert) und laufen von selbst weiter, sobald der Tarif es wieder erlaubt.',
  },
  'server.alert.tier.limit': { one: '{count} Server', other: '{count} Servern' },
  'server.alert.tier.unlocks': '{tier}-Tarif',
  'server.alert.tier.canvas': 'Die Leinwand behält ihre Größe; sie kann nur innerhalb des Limits geändert werden.',

  'server.alert.imported.title': '🟡 Gameserver vom alten Bot: {name}',
  'server.alert.imported.description':
    'Aus den SFTP-Einstellungen des alten Bots wurde der Gameserver **{name}**. Sein Passwort wurde übernommen und ist verschlüsselt gespeichert, aber der Bot hat es noch nicht benutzt: Zuerst muss ein Admin den Host-Key prüfen. Führe `/server test` aus, vergleiche den Key mit dem, den dein Gameserver-Hoster anzeigt, und drücke **Key vertrauen**; dann meldet sich der Bot an und startet die Feeds. Bis dahin wird nirgendwohin ein Passwort gesendet.',
} as const satisfies TranslationOf<typeof english>;

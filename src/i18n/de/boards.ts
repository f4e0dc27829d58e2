import type { boards as english } from '../en/boards.js';
import type { TranslationOf } from '../types.js';

export const boards = {
  'cmd.board': 'Bestenlisten, die der Bot in einem Kanal aktuell hält (Admins)',
  'cmd.board.post': 'Eine Bestenliste posten, die der Bot bei Änderungen bearbeitet',
  'cmd.board.post.channel': 'Der Kanal, in den sie kommt',
  'cmd.board.list': 'Die Bestenlisten dieses Servers und ihr Zustand',
  'cmd.board.remove': 'Eine Bestenliste beenden und ihre Nachricht löschen',
  'cmd.board.remove.board': 'Die Bestenliste, die entfernt wird',
  'boards.option.image': 'Die Bestenliste als Bild: ein Podest für die Top 3, dann eine Tabelle',

  'boards.title.window': '🏆 {board} · {window} — {scope}',
  'boards.windowIgnored': 'Kein Zeitraum für {board}: gesamte Zeit',
  'boards.serverRemoved': 'ein entfernter Server',
  'boards.updatesEvery': 'Aktualisiert alle {minutes} Min.',
  'boards.tier.unlock': { one: '📋 **{count}** Live-Bestenliste, aktualisiert alle **{minutes} Min.**', other: '📋 bis zu **{count}** Live-Bestenlisten, aktualisiert alle **{minutes} Min.**' },
  'boards.permission.attachFiles': '„Dateien anhängen“',

  'boards.post.needsText': 'Eine Bestenliste kommt in einen Text- oder Ankündigungskanal.',
  'boards.post.missing': 'Ich brauche {permissions} in {channel}, um dort eine Bestenliste zu posten. Gib sie mir (Kanal- oder Rollenberechtigungen) und versuche es erneut.',
  'boards.post.done': '✅ Bestenliste **{board}** ({scope}) in {channel} gepostet: {link}\nIch bearbeite sie, wenn sie sich ändert, höchstens alle **{minutes} Min.** `/board list` zeigt deine Bestenlisten.',
  'boards.post.limit': {
    one: 'Dieser Server kann auf der Stufe **{tier}** **{count}** Bestenliste halten und hat sie schon. Entferne sie mit `/board remove`, oder eine höhere Premium-Stufe erlaubt mehr.',
    other: 'Dieser Server kann auf der Stufe **{tier}** **{count}** Bestenlisten halten und hat sie alle. Entferne eine mit `/board remove`, oder eine höhere Premium-Stufe erlaubt mehr.',
  },
  'boards.list.title': 'Bestenlisten ({count} von {limit})',
  'boards.list.none': 'Noch keine Bestenlisten: `/board post` postet eine.',
  'boards.list.footer': 'Stufe {tier} · jede Bestenliste wird höchstens alle {minutes} Min. aktualisiert',
  'boards.list.message': 'Nachricht',
  'boards.list.notPosted': 'noch nicht gepostet',
  'boards.list.updated': 'geändert {when}',
  'boards.list.next': 'nächster Blick {when}',
  'boards.list.paused.permissions': '⏸️ Pausiert {since}: Mir fehlen Berechtigungen in ihrem Kanal („Kanäle ansehen“, „Nachrichten senden“, „Links einbetten“; „Dateien anhängen“ für ein Bild). Ich versuche es stündlich erneut.',
  'boards.list.paused.channel': '⏹️ Beendet {since}: Ihr Kanal wurde gelöscht. `/board remove` entfernt sie.',
  'boards.list.paused.deleted': '⏹️ Beendet {since}: Ihre Nachricht wurde erneut gelöscht, nachdem ich sie neu gepostet hatte. `/board post` postet eine neue.',
  'boards.list.paused.tier': '⏸️ Pausiert {since}: mehr Bestenlisten, als die Premium-Stufe erlaubt. Sie läuft weiter, sobald die Stufe es erlaubt.',
  'boards.remove.unknown': 'Hier gibt es keine Bestenliste **{id}**. `/board list` zeigt deine Bestenlisten.',
  'boards.remove.done': '🗑️ Bestenliste **{board}** in {channel} entfernt und ihre Nachricht gelöscht.',

  'boards.notice.reposted.title': '📋 Bestenliste neu gepostet',
  'boards.notice.reposted':
    'Die Bestenliste **{board}** in {channel} (gepostet von {admin}) wurde gelöscht, also habe ich sie neu gepostet: {link}\nWird sie wieder gelöscht, wird sie nicht mehr aktualisiert. Um sie ganz zu beenden, nutze `/board remove`.',
  'boards.notice.paused.title': '⏸️ Eine Bestenliste wird nicht mehr aktualisiert',
  'boards.notice.paused.permissions':
    'Ich kann die Bestenliste **{board}** in {channel} (gepostet von {admin}) nicht mehr posten oder bearbeiten: Ich brauche dort „Kanäle ansehen“, „Nachrichten senden“ und „Links einbetten“ (und „Dateien anhängen“ für ein Bild). Ich versuche es stündlich erneut; `/board list` zeigt ihren Zustand.',
  'boards.notice.paused.channel': 'Der Kanal {channel} der Bestenliste **{board}** (gepostet von {admin}) wurde gelöscht, also ist sie beendet. `/board remove` entfernt sie; `/board post` postet eine neue.',
  'boards.notice.paused.deleted':
    'Die Bestenliste **{board}** in {channel} (gepostet von {admin}) wurde erneut gelöscht, nachdem ich sie neu gepostet hatte, also ist sie beendet. `/board post` postet eine neue; `/board remove` nimmt sie aus `/board list`.',
  'boards.notice.paused.tier': {
    one: 'Die Bestenliste **{board}** in {channel} (gepostet von {admin}) geht über das hinaus, was die Stufe **{tier}** erlaubt ({count} Bestenliste), also wird sie nicht mehr aktualisiert. Sie läuft von selbst weiter, sobald die Stufe es erlaubt; `/board remove` entfernt eine Bestenliste.',
    other: 'Die Bestenliste **{board}** in {channel} (gepostet von {admin}) geht über das hinaus, was die Stufe **{tier}** erlaubt ({count} Bestenlisten), also wird sie nicht mehr aktualisiert. Sie läuft von selbst weiter, sobald die Stufe es erlaubt; `/board remove` entfernt eine Bestenliste.',
  },
} satisfies TranslationOf<typeof english>;

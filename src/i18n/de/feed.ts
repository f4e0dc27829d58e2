import type { feed as english } from '../en/feed.js';
import type { TranslationOf } from '../types.js';

export const feed = {
  'feed.kill.killed': '{killer} hat {victim} getötet',
  'feed.kill.ranOver': '{killer} hat {victim} überfahren',
  'feed.kill.weapon': 'Waffe',
  'feed.kill.distance': 'Distanz',
  'feed.kill.metres': '{distance} m',
  'feed.kill.platform': 'Plattform',
  'feed.kill.platforms': '{killer} vs {victim}',
  'feed.suicide.menu': '{victim} hat den Spawn gewechselt (Suizid übers Menü)',
  'feed.suicide.fall': '{victim} ist in den Tod gestürzt',
  'feed.suicide.vehicle': '{victim} ist in einem Fahrzeug gestorben',
  'feed.suicide.other': '{victim} hat sich selbst getötet',
  'feed.death': '{victim} ist gestorben',

  'feed.event.serverStart': 'Server neu gestartet',
  'feed.event.mission': 'Mission bereit: {place}',
  'feed.event.airdrop': 'Airdrop im Anflug',
  'feed.event.helicrash': 'Helikopterabsturz erschienen',
  'feed.event.trader': 'Wandernder Händler erschienen',
  'feed.event.convoy': 'Konvoi erschienen',

  'feed.connection.joined': '{name} ist beigetreten',
  'feed.connection.left': '{name} hat den Server verlassen',

  'feed.held.title': '⏸️ Nicht angezeigte Beiträge',
  'feed.held.summary': '{parts} nicht angezeigt, während dieser Kanal die Beiträge des Bots abgelehnt hat (in den Statistiken sind sie mitgezählt).',
  'feed.held.killfeed': { one: '{count} Kill-Beitrag', other: '{count} Kill-Beiträge' },
  'feed.held.events': { one: '{count} Ereignis', other: '{count} Ereignisse' },
  'feed.held.connections': { one: '{count} Beitritt oder Austritt', other: '{count} Beitritte und Austritte' },
  'feed.held.separator': '{first}, {rest}',

  'feed.playerCount.name': '🟢 {online}/{max}',
  'feed.playerCount.queued': '🟢 {online}/{max} ({queued} in der Warteschlange)',

  'feed.listing.limited': 'Auflistung begrenzt: {parts}',
  'feed.listing.separator': '{first}; {rest}',
  'feed.listing.worlds': '{count} world_N-Ordner, nur die {max} höchsten werden gelesen',
  'feed.listing.csvs': '{world}: nur die neuesten {max} von {count} CSV-Dateien werden gelesen',
  'feed.listing.unlisted': '{world}: zu viele Einträge, um alle aufzulisten; die neuesten {max} gefundenen CSV-Dateien werden gelesen',
  'feed.listing.more': '{count} weitere Weltordner gekürzt',
} as const satisfies TranslationOf<typeof english>;

import type { feed as english } from '../en/feed.js';
import type { TranslationOf } from '../types.js';

export const feed = {
  'feed.kill.killed': '{killer} zabił {victim}',
  'feed.kill.ranOver': '{killer} przejechał {victim}',
  'feed.kill.weapon': 'Broń',
  'feed.kill.distance': 'Dystans',
  'feed.kill.metres': '{distance} m',
  'feed.kill.platform': 'Platforma',
  'feed.kill.platforms': '{killer} vs {victim}',
  'feed.suicide.menu': '{victim} zmienił miejsce odrodzenia (samobójstwo z menu)',
  'feed.suicide.fall': '{victim} zginął od upadku',
  'feed.suicide.vehicle': '{victim} zginął w pojeździe',
  'feed.suicide.other': '{victim} popełnił samobójstwo',
  'feed.death': '{victim} zginął',

  'feed.event.serverStart': 'Serwer zrestartowany',
  'feed.event.mission': 'Misja gotowa: {place}',
  'feed.event.airdrop': 'Nadlatuje zrzut',
  'feed.event.helicrash': 'Pojawił się wrak helikoptera',
  'feed.event.trader': 'Pojawił się wędrowny handlarz',
  'feed.event.convoy': 'Pojawił się konwój',

  'feed.connection.joined': '{name} dołączył do serwera',
  'feed.connection.left': '{name} opuścił serwer',

  'feed.held.title': '⏸️ Niepokazane posty',
  'feed.held.summary': 'Nie pokazano, gdy ten kanał odrzucał posty bota: {parts} (wszystko jest wliczone do statystyk).',
  'feed.held.killfeed': { one: '{count} post o zabójstwie', few: '{count} posty o zabójstwach', many: '{count} postów o zabójstwach', other: '{count} posta o zabójstwach' },
  'feed.held.events': { one: '{count} wydarzenie', few: '{count} wydarzenia', many: '{count} wydarzeń', other: '{count} wydarzenia' },
  'feed.held.connections': { one: '{count} dołączenie lub wyjście', few: '{count} dołączenia i wyjścia', many: '{count} dołączeń i wyjść', other: '{count} dołączenia i wyjścia' },
  'feed.held.separator': '{first}, {rest}',

  'feed.playerCount.name': '🟢 {online}/{max}',
  'feed.playerCount.queued': '🟢 {online}/{max} ({queued} w kolejce)',

  'feed.listing.limited': 'lista plików ograniczona: {parts}',
  'feed.listing.separator': '{first}; {rest}',
  'feed.listing.worlds': 'folderów world_N: {count}, czytane są tylko {max} o najwyższych numerach',
  'feed.listing.csvs': '{world}: czytane są tylko najnowsze pliki CSV ({max} z {count})',
  'feed.listing.unlisted': '{world}: zbyt wiele wpisów, by wylistować wszystkie; czytane są najnowsze znalezione pliki CSV (do {max})',
  'feed.listing.more': 'przycięte foldery kolejnych światów: {count}',
} as const satisfies TranslationOf<typeof english>;

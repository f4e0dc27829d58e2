import type { boards as english } from '../en/boards.js';
import type { TranslationOf } from '../types.js';

export const boards = {
  'cmd.board': 'Rankingi, które bot aktualizuje na kanale (admini)',
  'cmd.board.post': 'Opublikuj ranking, który bot edytuje, gdy się zmienia',
  'cmd.board.post.channel': 'Kanał, na którym go opublikować',
  'cmd.board.list': 'Rankingi tego serwera i ich stan',
  'cmd.board.remove': 'Zatrzymaj ranking i usuń jego wiadomość',
  'cmd.board.remove.board': 'Ranking do usunięcia',
  'boards.option.image': 'Pokaż ranking jako obraz: podium dla top 3, potem tabela',

  'boards.title.window': '🏆 {board} · {window} — {scope}',
  'boards.windowIgnored': 'Brak okresu dla {board}: cały czas',
  'boards.serverRemoved': 'usunięty serwer',
  'boards.updatesEvery': 'Aktualizacja co {minutes} min',
  'boards.tier.unlock': {
    one: '📋 **{count}** ranking na żywo, aktualizowany co **{minutes} min**',
    few: '📋 do **{count}** rankingów na żywo, aktualizowanych co **{minutes} min**',
    many: '📋 do **{count}** rankingów na żywo, aktualizowanych co **{minutes} min**',
    other: '📋 do **{count}** rankingu na żywo, aktualizowanego co **{minutes} min**',
  },
  'boards.permission.attachFiles': '„Załączanie plików”',

  'boards.post.needsText': 'Ranking trafia na kanał tekstowy lub ogłoszeń.',
  'boards.post.missing': 'Potrzebuję {permissions} na {channel}, aby opublikować tam ranking. Nadaj mi je (uprawnienia kanału lub roli) i spróbuj ponownie.',
  'boards.post.done': '✅ Opublikowano ranking **{board}** ({scope}) na {channel}: {link}\nEdytuję go, gdy się zmienia, najwyżej co **{minutes} min**. `/board list` pokazuje twoje rankingi.',
  'boards.post.limit': {
    one: 'Na poziomie **{tier}** ten serwer może mieć **{count}** ranking i już go ma. Usuń go przez `/board remove` albo wyższy poziom premium pozwala na więcej.',
    few: 'Na poziomie **{tier}** ten serwer może mieć **{count}** rankingi i ma już wszystkie. Usuń jeden przez `/board remove` albo wyższy poziom premium pozwala na więcej.',
    many: 'Na poziomie **{tier}** ten serwer może mieć **{count}** rankingów i ma już wszystkie. Usuń jeden przez `/board remove` albo wyższy poziom premium pozwala na więcej.',
    other: 'Na poziomie **{tier}** ten serwer może mieć **{count}** rankingu i ma już wszystkie. Usuń jeden przez `/board remove` albo wyższy poziom premium pozwala na więcej.',
  },
  'boards.list.title': 'Rankingi ({count} z {limit})',
  'boards.list.none': 'Nie ma jeszcze rankingów: `/board post` publikuje ranking.',
  'boards.list.footer': 'Poziom {tier} · każdy ranking jest aktualizowany najwyżej co {minutes} min',
  'boards.list.message': 'wiadomość',
  'boards.list.notPosted': 'jeszcze nie opublikowany',
  'boards.list.updated': 'zmieniony {when}',
  'boards.list.next': 'następne sprawdzenie {when}',
  'boards.list.paused.permissions': '⏸️ Wstrzymany {since}: brakuje mi uprawnień na jego kanale („Wyświetlanie kanałów”, „Wysyłanie wiadomości”, „Osadzanie linków”; „Załączanie plików” dla obrazu). Próbuję ponownie co godzinę.',
  'boards.list.paused.channel': '⏹️ Zatrzymany {since}: jego kanał został usunięty. `/board remove` go usuwa.',
  'boards.list.paused.deleted': '⏹️ Zatrzymany {since}: jego wiadomość znów usunięto po ponownej publikacji. `/board post` publikuje nowy.',
  'boards.list.paused.tier': '⏸️ Wstrzymany {since}: więcej rankingów, niż pozwala poziom premium. Wznowi się, gdy poziom na to pozwoli.',
  'boards.remove.unknown': 'Nie ma tu rankingu **{id}**. `/board list` pokazuje twoje rankingi.',
  'boards.remove.done': '🗑️ Usunięto ranking **{board}** na {channel} razem z jego wiadomością.',

  'boards.notice.reposted.title': '📋 Ranking opublikowany ponownie',
  'boards.notice.reposted':
    'Ranking **{board}** na {channel} (opublikował {admin}) został usunięty, więc opublikowałem go ponownie: {link}\nJeśli znów zostanie usunięty, przestanie się aktualizować. Aby zatrzymać go na dobre, użyj `/board remove`.',
  'boards.notice.paused.title': '⏸️ Ranking przestał się aktualizować',
  'boards.notice.paused.permissions':
    'Nie mogę już publikować ani edytować rankingu **{board}** na {channel} (opublikował {admin}): potrzebuję tam „Wyświetlanie kanałów”, „Wysyłanie wiadomości” i „Osadzanie linków” (oraz „Załączanie plików” dla obrazu). Próbuję ponownie co godzinę; `/board list` pokazuje jego stan.',
  'boards.notice.paused.channel': 'Kanał {channel} rankingu **{board}** (opublikował {admin}) został usunięty, więc ranking się zatrzymał. `/board remove` go usuwa; `/board post` publikuje nowy.',
  'boards.notice.paused.deleted':
    'Ranking **{board}** na {channel} (opublikował {admin}) znów usunięto po ponownej publikacji, więc się zatrzymał. `/board post` publikuje nowy; `/board remove` usuwa go z `/board list`.',
  'boards.notice.paused.tier': {
    one: 'Ranking **{board}** na {channel} (opublikował {admin}) wykracza poza to, na co pozwala poziom **{tier}** ({count} ranking), więc przestał się aktualizować. Wznowi się sam, gdy poziom na to pozwoli; `/board remove` usuwa ranking.',
    few: 'Ranking **{board}** na {channel} (opublikował {admin}) wykracza poza to, na co pozwala poziom **{tier}** ({count} rankingi), więc przestał się aktualizować. Wznowi się sam, gdy poziom na to pozwoli; `/board remove` usuwa ranking.',
    many: 'Ranking **{board}** na {channel} (opublikował {admin}) wykracza poza to, na co pozwala poziom **{tier}** ({count} rankingów), więc przestał się aktualizować. Wznowi się sam, gdy poziom na to pozwoli; `/board remove` usuwa ranking.',
    other: 'Ranking **{board}** na {channel} (opublikował {admin}) wykracza poza to, na co pozwala poziom **{tier}** ({count} rankingu), więc przestał się aktualizować. Wznowi się sam, gdy poziom na to pozwoli; `/board remove` usuwa ranking.',
  },
} satisfies TranslationOf<typeof english>;

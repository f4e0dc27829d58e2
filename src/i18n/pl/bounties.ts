import type { bounties as english } from '../en/bounties.js';
import type { TranslationOf } from '../types.js';

export const bounties = {
  'cmd.bounty': 'Wyznacz kredyty za gracza w grze: członek, którego gracz go zabije, odbiera nagrodę',
  'cmd.bounty.place': 'Wyznacz nagrodę za gracza (twoje kredyty są przechowywane, aż ktoś ją odbierze, anulujesz ją lub wygaśnie)',
  'cmd.bounty.place.player': 'Gracz (gracze widziani w killfeedach tego serwera)',
  'cmd.bounty.place.amount': 'Ile twoich kredytów',
  'cmd.bounty.place.hours': 'Ile godzin trwa (1–72; domyślnie 24)',
  'cmd.bounty.list': 'Aktywne nagrody: suma za każdy cel i kiedy wygasa',
  'cmd.bounty.list.server': 'Tylko gracze widziani na tym serwerze gry',
  'cmd.bounty.list.page': 'Strona do pokazania',
  'cmd.bounty.cancel': 'Wycofaj nagrodę, którą wyznaczyłeś, dopóki nikt jej nie odebrał',
  'cmd.bounty.cancel.id': 'Twoja nagroda (podpowiada twoje aktywne)',

  'bounty.place.notSeen': 'Gracz **{name}** nie pojawił się w killfeedach tego serwera.',
  'bounty.place.own': 'Nie możesz wyznaczyć nagrody za własnego gracza.',
  'bounty.place.range': 'Nagroda na tym serwerze wynosi od **{min}** do **{max}** kredytów.',
  'bounty.place.hours': 'Nagroda trwa od {min} do {max} godzin.',
  'bounty.place.guildFull': 'Ten serwer ma już tyle aktywnych nagród, ile może ({max}). Spróbuj ponownie, gdy któraś się rozstrzygnie.',
  'bounty.place.mineFull': 'Masz już tyle aktywnych nagród, ile może mieć jeden członek ({max}).',
  'bounty.place.pending': 'Ta nagroda jest jeszcze wyznaczana. Spróbuj ponownie za chwilę.',
  'bounty.place.undone': 'Wystawianie tej nagrody trwało zbyt długo i zostało cofnięte: kredyty wróciły do ciebie. Spróbuj ponownie.',
  'bounty.place.poor': 'Nie masz **{amount}** kredytów potrzebnych na tę nagrodę (`/profile` pokazuje twoje saldo).',
  'bounty.place.done': '💰 {placer} wyznacza **{amount}** kredytów za **{target}**, do {expires} (id `{id}`). Suma za {target}: **{total}** kredytów.',

  'bounty.list.title': '💰 Aktywne nagrody',
  'bounty.list.line': '**{target}**: **{total}** kredytów ({count}×) · pierwsza wygasa {expires}',
  'bounty.list.none': 'Brak aktywnych nagród. Wyznacz nagrodę za gracza przez `/bounty place`.',
  'bounty.list.page': 'Strona {page} z {pages}',

  'bounty.cancel.notYours': 'Nie masz nagrody o tym id.',
  'bounty.cancel.claimed': 'Ta nagroda została już odebrana.',
  'bounty.cancel.over': 'Ta nagroda już się skończyła (wygasła lub została anulowana).',
  'bounty.cancel.done': '↩️ Twoja nagroda **{amount}** kredytów za **{target}** jest anulowana: kredyty wróciły na twoje saldo.',
  'bounty.cancel.choice': '{target}: {amount} kredytów ({id})',

  'bounty.feed.claimed': '💰 Nagrodę {amount} odebrał(a) {member}',
  'bounty.auto.callout': '🎯 {target} ma serię: serwer wyznacza za niego nagrodę {amount}',
} satisfies TranslationOf<typeof english>;

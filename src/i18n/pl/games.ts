import type { games as english } from '../en/games.js';
import type { TranslationOf } from '../types.js';

export const games = {
  'cmd.coinflip': 'Postaw kredyty na rzut monetą: trafny wybór płaci 1,9×',
  'cmd.coinflip.amount': 'Ile kredytów postawić',
  'cmd.coinflip.side': 'Orzeł czy reszka (bez podania: orzeł)',
  'cmd.slots': 'Postaw kredyty na obrót trzech bębnów',
  'cmd.slots.amount': 'Ile kredytów postawić',
  'cmd.blackjack': 'Zagraj rozdanie blackjacka z krupierem o kredyty',
  'cmd.blackjack.amount': 'Ile kredytów postawić',

  'games.side.heads': 'Orzeł',
  'games.side.tails': 'Reszka',

  'games.off': 'Gry są na tym serwerze wyłączone. Administrator może je włączyć poleceniem `/eco settings games:true`.',
  'games.bet.range': 'Stawki na tym serwerze wynoszą od **{min}** do **{max}** kredytów; {amount} jest poza tym zakresem.',
  'games.poor': {
    one: 'Masz tylko **{count}** kredyt — za mało, żeby postawić {amount}.',
    few: 'Masz tylko **{count}** kredyty — za mało, żeby postawić {amount}.',
    many: 'Masz tylko **{count}** kredytów — za mało, żeby postawić {amount}.',
    other: 'Masz tylko **{count}** kredytu — za mało, żeby postawić {amount}.',
  },
  'games.pending': 'Ta gra już trwa.',
  'games.slow': 'Trwało to zbyt długo, więc nic nie zostało postawione. Spróbuj ponownie.',
  'games.cancelled': 'Ta gra została anulowana, bo jej start trwał zbyt długo; pobrana stawka została zwrócona.',
  'games.gone': 'Ta gra się skończyła albo już nie istnieje. Zacznij nową poleceniem `/blackjack`.',
  'games.notYours': 'To rozdanie należy do {user}. Zacznij własne poleceniem `/blackjack`.',
  'games.balance': {
    one: 'Saldo: **{count}** kredyt.',
    few: 'Saldo: **{count}** kredyty.',
    many: 'Saldo: **{count}** kredytów.',
    other: 'Saldo: **{count}** kredytu.',
  },

  'games.coinflip.win': '🪙 **{landed}**! Wybrałeś(-aś) {called}. Twoja wygrana: **{payout}**.',
  'games.coinflip.lose': '🪙 **{landed}**. Wybrałeś(-aś) {called} i tracisz stawkę: {bet}.',
  'games.coinflip.rules': 'Trafny wybór płaci 1,9× stawki, w zaokrągleniu w dół (przewaga kasyna {edge} %).',

  'games.slots.win': '🎰 {reels} — twoja wygrana: **{payout}**.',
  'games.slots.lose': '🎰 {reels} — bez wygranej; stawka {bet} przepada.',
  'games.slots.twoCherries': 'dwie 🍒',
  'games.slots.rules': 'Wypłaty (× stawka): {table}. Średnio wraca {rtp} % stawek (przewaga kasyna {edge} %).',

  'games.bj.title': '🃏 Blackjack — stawka {bet}',
  'games.bj.you': 'Ty — {total}',
  'games.bj.dealer': 'Krupier — {total}',
  'games.bj.dealerShows': 'Krupier — pokazuje {total}',
  'games.bj.rules': 'Krupier staje na 17 · blackjack płaci 3:2 · przewaga kasyna {edge} % przy idealnej grze · nieruszane rozdanie staje po {minutes} minutach',
  'games.bj.playing': 'Dobierasz czy stajesz?',
  'games.bj.dealing': 'Rozdawanie…',
  'games.bj.hit': 'Dobierz',
  'games.bj.stand': 'Stój',
  'games.bj.alreadyOpen': 'Masz już rozdanie w grze: oto ono. Dokończ je, zanim zaczniesz kolejne.',
  'games.bj.timedOut': 'Rozdanie zbyt długo czekało, więc stanięto za ciebie.',
  'games.bj.result.blackjack': 'Blackjack! Twoja wygrana: **{payout}**.',
  'games.bj.result.win': 'Twoja wygrana: **{payout}**.',
  'games.bj.result.push': 'Remis: stawka {payout} wraca do ciebie.',
  'games.bj.result.lose': 'Wygrywa krupier; stawka {bet} przepada.',
  'games.bj.result.bust': 'Fura! Stawka {bet} przepada.',
  'games.bj.result.dealerBlackjack': 'Krupier ma blackjacka; stawka {bet} przepada.',
} satisfies TranslationOf<typeof english>;

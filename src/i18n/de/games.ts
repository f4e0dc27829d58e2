import type { games as english } from '../en/games.js';
import type { TranslationOf } from '../types.js';

export const games = {
  'cmd.coinflip': 'Setz Credits auf einen Münzwurf: ein richtiger Tipp zahlt das 1,9-Fache',
  'cmd.coinflip.amount': 'Wie viele Credits du setzt',
  'cmd.coinflip.side': 'Kopf oder Zahl (ohne Angabe Kopf)',
  'cmd.slots': 'Setz Credits auf einen Dreh von drei Walzen',
  'cmd.slots.amount': 'Wie viele Credits du setzt',
  'cmd.blackjack': 'Spiel eine Runde Blackjack gegen den Dealer um Credits',
  'cmd.blackjack.amount': 'Wie viele Credits du setzt',

  'games.side.heads': 'Kopf',
  'games.side.tails': 'Zahl',

  'games.off': 'Spiele sind auf diesem Server aus. Ein Admin kann sie mit `/eco settings games:true` einschalten.',
  'games.bet.range': 'Einsätze auf diesem Server liegen zwischen **{min}** und **{max}** Credits; {amount} liegt außerhalb.',
  'games.poor': {
    one: 'Du hast nur **{count}** Credit, nicht genug für einen Einsatz von {amount}.',
    other: 'Du hast nur **{count}** Credits, nicht genug für einen Einsatz von {amount}.',
  },
  'games.pending': 'Dieses Spiel läuft bereits.',
  'games.slow': 'Das hat zu lange gedauert, daher wurde nichts gesetzt. Bitte versuch es noch einmal.',
  'games.cancelled': 'Dieses Spiel wurde abgebrochen, weil der Start zu lange dauerte; ein schon abgebuchter Einsatz wurde erstattet.',
  'games.gone': 'Dieses Spiel ist vorbei oder existiert nicht mehr. Starte mit `/blackjack` ein neues.',
  'games.notYours': 'Das ist die Hand von {user}. Starte deine eigene mit `/blackjack`.',
  'games.balance': { one: 'Kontostand: **{count}** Credit.', other: 'Kontostand: **{count}** Credits.' },

  'games.coinflip.win': '🪙 **{landed}**! Du hast auf {called} getippt und gewinnst **{payout}** Credits.',
  'games.coinflip.lose': '🪙 **{landed}**. Du hast auf {called} getippt und verlierst deine {bet} Credits.',
  'games.coinflip.rules': 'Ein richtiger Tipp zahlt das 1,9-Fache des Einsatzes, abgerundet (Hausvorteil {edge} %).',

  'games.slots.win': '🎰 {reels} — du gewinnst **{payout}** Credits.',
  'games.slots.lose': '🎰 {reels} — kein Gewinn; deine {bet} Credits sind weg.',
  'games.slots.twoCherries': 'zwei 🍒',
  'games.slots.rules': 'Auszahlung (× Einsatz): {table}. Im Schnitt kommen {rtp} % der Einsätze zurück (Hausvorteil {edge} %).',

  'games.bj.title': '🃏 Blackjack — Einsatz {bet}',
  'games.bj.you': 'Du — {total}',
  'games.bj.dealer': 'Dealer — {total}',
  'games.bj.dealerShows': 'Dealer — zeigt {total}',
  'games.bj.rules': 'Dealer bleibt bei 17 stehen · Blackjack zahlt 3:2 · Hausvorteil {edge} % bei perfektem Spiel · eine ruhende Hand bleibt nach {minutes} Minuten stehen',
  'games.bj.playing': 'Karte oder stehen bleiben?',
  'games.bj.dealing': 'Es wird gegeben…',
  'games.bj.hit': 'Karte',
  'games.bj.stand': 'Stehen',
  'games.bj.alreadyOpen': 'Du hast schon eine Hand im Spiel: hier ist sie. Spiel sie zu Ende, bevor du eine neue beginnst.',
  'games.bj.timedOut': 'Die Hand ruhte zu lange, daher bist du automatisch stehen geblieben.',
  'games.bj.result.blackjack': 'Blackjack! Du gewinnst **{payout}** Credits.',
  'games.bj.result.win': 'Du gewinnst **{payout}** Credits.',
  'games.bj.result.push': 'Unentschieden: deine {payout} Credits kommen zurück.',
  'games.bj.result.lose': 'Der Dealer gewinnt; deine {bet} Credits sind weg.',
  'games.bj.result.bust': 'Überkauft! Deine {bet} Credits sind weg.',
  'games.bj.result.dealerBlackjack': 'Der Dealer hat Blackjack; deine {bet} Credits sind weg.',
} satisfies TranslationOf<typeof english>;

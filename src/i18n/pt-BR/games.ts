import type { games as english } from '../en/games.js';
import type { TranslationOf } from '../types.js';

export const games = {
  'cmd.coinflip': 'Aposte créditos no cara ou coroa: quem acerta recebe 1,9×',
  'cmd.coinflip.amount': 'Quantos créditos apostar',
  'cmd.coinflip.side': 'Cara ou coroa (cara se não informar)',
  'cmd.slots': 'Aposte créditos em um giro de três rolos',
  'cmd.slots.amount': 'Quantos créditos apostar',
  'cmd.blackjack': 'Jogue uma mão de blackjack contra a banca valendo créditos',
  'cmd.blackjack.amount': 'Quantos créditos apostar',

  'games.side.heads': 'Cara',
  'games.side.tails': 'Coroa',

  'games.off': 'Os jogos estão desligados neste servidor. Um admin pode ligá-los com `/eco settings games:true`.',
  'games.bet.range': 'As apostas neste servidor vão de **{min}** a **{max}** créditos; {amount} está fora disso.',
  'games.poor': {
    one: 'Você tem só **{count}** crédito, não o suficiente para apostar {amount}.',
    many: 'Você tem só **{count}** de créditos, não o suficiente para apostar {amount}.',
    other: 'Você tem só **{count}** créditos, não o suficiente para apostar {amount}.',
  },
  'games.pending': 'Este jogo já está em andamento.',
  'games.slow': 'Isso demorou demais, então nada foi apostado. Tente de novo.',
  'games.cancelled': 'Este jogo foi cancelado porque demorou demais para começar; uma aposta já cobrada foi devolvida.',
  'games.gone': 'Este jogo acabou ou não existe mais. Comece outro com `/blackjack`.',
  'games.notYours': 'Esta é a mão de {user}. Comece a sua com `/blackjack`.',
  'games.balance': { one: 'Saldo: **{count}** crédito.', many: 'Saldo: **{count}** de créditos.', other: 'Saldo: **{count}** créditos.' },

  'games.coinflip.win': '🪙 **{landed}**! Você escolheu {called} e ganha **{payout}** créditos.',
  'games.coinflip.lose': '🪙 **{landed}**. Você escolheu {called} e perde seus {bet} créditos.',
  'games.coinflip.rules': 'Quem acerta recebe 1,9× a aposta, arredondado para baixo (vantagem da casa {edge} %).',

  'games.slots.win': '🎰 {reels} — você ganha **{payout}** créditos.',
  'games.slots.lose': '🎰 {reels} — nada desta vez; seus {bet} créditos se foram.',
  'games.slots.twoCherries': 'duas 🍒',
  'games.slots.rules': 'Pagamentos (× a aposta): {table}. Em média voltam {rtp} % das apostas (vantagem da casa {edge} %).',

  'games.bj.title': '🃏 Blackjack — aposta {bet}',
  'games.bj.you': 'Você — {total}',
  'games.bj.dealer': 'Banca — {total}',
  'games.bj.dealerShows': 'Banca — mostra {total}',
  'games.bj.rules': 'A banca para no 17 · blackjack paga 3:2 · vantagem da casa {edge} % com jogo perfeito · uma mão parada fica em pé após {minutes} minutos',
  'games.bj.playing': 'Pedir carta ou parar?',
  'games.bj.dealing': 'Distribuindo…',
  'games.bj.hit': 'Pedir',
  'games.bj.stand': 'Parar',
  'games.bj.alreadyOpen': 'Você já tem uma mão em jogo: aqui está. Termine-a antes de começar outra.',
  'games.bj.timedOut': 'A mão ficou parada, então você parou automaticamente.',
  'games.bj.result.blackjack': 'Blackjack! Você ganha **{payout}** créditos.',
  'games.bj.result.win': 'Você ganha **{payout}** créditos.',
  'games.bj.result.push': 'Empate: seus {payout} créditos voltam.',
  'games.bj.result.lose': 'A banca vence; seus {bet} créditos se foram.',
  'games.bj.result.bust': 'Estourou! Seus {bet} créditos se foram.',
  'games.bj.result.dealerBlackjack': 'A banca tem blackjack; seus {bet} créditos se foram.',
} satisfies TranslationOf<typeof english>;

import type { games as english } from '../en/games.js';
import type { TranslationOf } from '../types.js';

export const games = {
  'cmd.coinflip': 'Ставка кредитов на подбрасывание монеты: угаданная сторона платит 1,9×',
  'cmd.coinflip.amount': 'Сколько кредитов поставить',
  'cmd.coinflip.side': 'Орёл или решка (по умолчанию орёл)',
  'cmd.slots': 'Ставка кредитов на вращение трёх барабанов',
  'cmd.slots.amount': 'Сколько кредитов поставить',
  'cmd.blackjack': 'Сыграть раздачу блэкджека против дилера на кредиты',
  'cmd.blackjack.amount': 'Сколько кредитов поставить',

  'games.side.heads': 'Орёл',
  'games.side.tails': 'Решка',

  'games.off': 'Игры на этом сервере выключены. Администратор может включить их командой `/eco settings games:true`.',
  'games.bet.range': 'Ставки на этом сервере — от **{min}** до **{max}** кредитов; {amount} вне этого диапазона.',
  'games.poor': {
    one: 'У вас всего **{count}** кредит — не хватит, чтобы поставить {amount}.',
    few: 'У вас всего **{count}** кредита — не хватит, чтобы поставить {amount}.',
    many: 'У вас всего **{count}** кредитов — не хватит, чтобы поставить {amount}.',
    other: 'У вас всего **{count}** кредита — не хватит, чтобы поставить {amount}.',
  },
  'games.pending': 'Эта игра уже идёт.',
  'games.slow': 'Это заняло слишком много времени, поэтому ставка не сделана. Попробуйте ещё раз.',
  'games.cancelled': 'Игра отменена, потому что её запуск занял слишком много времени; списанная ставка возвращена.',
  'games.gone': 'Эта игра закончилась или больше не существует. Начните новую командой `/blackjack`.',
  'games.notYours': 'Это раздача {user}. Начните свою командой `/blackjack`.',
  'games.balance': {
    one: 'Баланс: **{count}** кредит.',
    few: 'Баланс: **{count}** кредита.',
    many: 'Баланс: **{count}** кредитов.',
    other: 'Баланс: **{count}** кредита.',
  },

  'games.coinflip.win': '🪙 **{landed}**! Вы выбрали: {called}. Ваш выигрыш: **{payout}**.',
  'games.coinflip.lose': '🪙 **{landed}**. Вы выбрали: {called}. Ставка {bet} проиграна.',
  'games.coinflip.rules': 'Угаданная сторона платит 1,9× ставки с округлением вниз (преимущество казино {edge} %).',

  'games.slots.win': '🎰 {reels} — ваш выигрыш: **{payout}**.',
  'games.slots.lose': '🎰 {reels} — без выигрыша; ставка {bet} проиграна.',
  'games.slots.twoCherries': 'две 🍒',
  'games.slots.rules': 'Выплаты (× ставка): {table}. В среднем возвращается {rtp} % ставок (преимущество казино {edge} %).',

  'games.bj.title': '🃏 Блэкджек — ставка {bet}',
  'games.bj.you': 'Вы — {total}',
  'games.bj.dealer': 'Дилер — {total}',
  'games.bj.dealerShows': 'Дилер — открыто {total}',
  'games.bj.rules': 'Дилер останавливается на 17 · блэкджек платит 3:2 · преимущество казино {edge} % при идеальной игре · раздача без действий останавливается через {minutes} минут',
  'games.bj.playing': 'Ещё карту или хватит?',
  'games.bj.dealing': 'Раздача…',
  'games.bj.hit': 'Ещё',
  'games.bj.stand': 'Хватит',
  'games.bj.alreadyOpen': 'У вас уже есть раздача в игре — вот она. Завершите её, прежде чем начинать новую.',
  'games.bj.timedOut': 'Раздача долго стояла без действий, поэтому за вас сказано «хватит».',
  'games.bj.result.blackjack': 'Блэкджек! Ваш выигрыш: **{payout}**.',
  'games.bj.result.win': 'Ваш выигрыш: **{payout}**.',
  'games.bj.result.push': 'Ничья: ставка {payout} возвращается.',
  'games.bj.result.lose': 'Выиграл дилер; ставка {bet} проиграна.',
  'games.bj.result.bust': 'Перебор! Ставка {bet} проиграна.',
  'games.bj.result.dealerBlackjack': 'У дилера блэкджек; ставка {bet} проиграна.',
} satisfies TranslationOf<typeof english>;

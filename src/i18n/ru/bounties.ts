import type { bounties as english } from '../en/bounties.js';
import type { TranslationOf } from '../types.js';

export const bounties = {
  'cmd.bounty': 'Назначь кредиты за игрока: участник, чей игрок его убьёт, получает награду',
  'cmd.bounty.place': 'Назначь награду за игрока (твои кредиты хранятся, пока её не получат, ты её не отменишь или она не истечёт)',
  'cmd.bounty.place.player': 'Игрок (игроки из киллфидов этого сервера)',
  'cmd.bounty.place.amount': 'Сколько твоих кредитов',
  'cmd.bounty.place.hours': 'Сколько часов она действует (1–72; по умолчанию 24)',
  'cmd.bounty.list': 'Активные награды: сумма за каждую цель и когда она истекает',
  'cmd.bounty.list.server': 'Только игроки, замеченные на этом игровом сервере',
  'cmd.bounty.list.page': 'Какую страницу показать',
  'cmd.bounty.cancel': 'Отзови назначенную тобой награду, пока её никто не получил',
  'cmd.bounty.cancel.id': 'Твоя награда (подсказывает твои активные)',

  'bounty.place.notSeen': 'Игрок **{name}** не встречался в киллфидах этого сервера.',
  'bounty.place.own': 'Нельзя назначить награду за собственного игрока.',
  'bounty.place.range': 'Награда на этом сервере — от **{min}** до **{max}** кредитов.',
  'bounty.place.hours': 'Награда действует от {min} до {max} часов.',
  'bounty.place.guildFull': 'На этом сервере уже столько активных наград, сколько возможно ({max}). Попробуй снова, когда одна из них закроется.',
  'bounty.place.mineFull': 'У тебя уже столько активных наград, сколько может быть у одного участника ({max}).',
  'bounty.place.pending': 'Эта награда ещё назначается. Попробуй снова через мгновение.',
  'bounty.place.undone': 'Назначение награды заняло слишком много времени и было отменено: ваши кредиты возвращены. Попробуйте снова.',
  'bounty.place.poor': 'У тебя нет **{amount}** кредитов, нужных для этой награды (`/profile` показывает баланс).',
  'bounty.place.done': '💰 {placer} назначает **{amount}** кредитов за **{target}** до {expires} (id `{id}`). Всего за {target}: **{total}** кредитов.',

  'bounty.list.title': '💰 Активные награды',
  'bounty.list.line': '**{target}**: **{total}** кредитов ({count}×) · первая истекает {expires}',
  'bounty.list.none': 'Активных наград нет. Назначь награду за игрока через `/bounty place`.',
  'bounty.list.page': 'Страница {page} из {pages}',

  'bounty.cancel.notYours': 'У тебя нет награды с таким id.',
  'bounty.cancel.claimed': 'Эту награду уже получили.',
  'bounty.cancel.over': 'Эта награда уже закончилась (истекла или отменена).',
  'bounty.cancel.done': '↩️ Твоя награда в **{amount}** кредитов за **{target}** отменена: кредиты вернулись на твой баланс.',
  'bounty.cancel.choice': '{target}: {amount} кредитов ({id})',

  'bounty.feed.claimed': '💰 Награду {amount} получает {member}',
  'bounty.auto.callout': '🎯 {target} на серии: заведение назначает за него награду {amount}',
} satisfies TranslationOf<typeof english>;

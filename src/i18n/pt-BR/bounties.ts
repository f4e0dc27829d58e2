import type { bounties as english } from '../en/bounties.js';
import type { TranslationOf } from '../types.js';

export const bounties = {
  'cmd.bounty': 'Ponha créditos na cabeça de um jogador: o membro cujo jogador o matar leva a recompensa',
  'cmd.bounty.place': 'Ponha uma recompensa num jogador (seus créditos ficam guardados até ela ser resgatada, cancelada ou expirar)',
  'cmd.bounty.place.player': 'O jogador (jogadores vistos nos killfeeds deste servidor)',
  'cmd.bounty.place.amount': 'Quantos dos seus créditos',
  'cmd.bounty.place.hours': 'Quantas horas ela dura (1–72; 24 se omitido)',
  'cmd.bounty.list': 'As recompensas ativas: o total de cada alvo e quando expira',
  'cmd.bounty.list.server': 'Só jogadores vistos neste servidor de jogo',
  'cmd.bounty.list.page': 'Página a mostrar',
  'cmd.bounty.cancel': 'Retire uma recompensa que você pôs, enquanto ninguém a resgatou',
  'cmd.bounty.cancel.id': 'Sua recompensa (sugere as suas ativas)',

  'bounty.place.notSeen': 'Nenhum jogador **{name}** foi visto nos killfeeds deste servidor.',
  'bounty.place.own': 'Você não pode pôr uma recompensa no seu próprio jogador.',
  'bounty.place.range': 'Uma recompensa neste servidor vai de **{min}** a **{max}** créditos.',
  'bounty.place.hours': 'Uma recompensa dura de {min} a {max} horas.',
  'bounty.place.guildFull': 'Este servidor já tem o máximo de recompensas ativas que pode ter ({max}). Tente de novo quando uma for resolvida.',
  'bounty.place.mineFull': 'Você já tem o máximo de recompensas ativas que um membro pode ter ({max}).',
  'bounty.place.pending': 'Essa recompensa ainda está sendo posta. Tente de novo em instantes.',
  'bounty.place.undone': 'Colocar esta recompensa demorou demais e foi desfeito: seus créditos voltaram. Tente de novo.',
  'bounty.place.poor': 'Você não tem os **{amount}** créditos que essa recompensa exige (`/profile` mostra seu saldo).',
  'bounty.place.done': '💰 {placer} pôs **{amount}** créditos em **{target}**, até {expires} (id `{id}`). Total em {target}: **{total}** créditos.',

  'bounty.list.title': '💰 Recompensas ativas',
  'bounty.list.line': '**{target}**: **{total}** créditos ({count}×) · a primeira expira {expires}',
  'bounty.list.none': 'Nenhuma recompensa ativa. Ponha uma num jogador com `/bounty place`.',
  'bounty.list.page': 'Página {page} de {pages}',

  'bounty.cancel.notYours': 'Você não tem recompensa com esse id.',
  'bounty.cancel.claimed': 'Essa recompensa já foi resgatada.',
  'bounty.cancel.over': 'Essa recompensa já acabou (expirou ou foi cancelada).',
  'bounty.cancel.done': '↩️ Sua recompensa de **{amount}** créditos em **{target}** foi cancelada: os créditos voltaram ao seu saldo.',
  'bounty.cancel.choice': '{target}: {amount} créditos ({id})',

  'bounty.feed.claimed': '💰 Recompensa de {amount} resgatada por {member}',
  'bounty.auto.callout': '🎯 {target} está numa sequência: a casa põe uma recompensa de {amount} na cabeça dele',
} satisfies TranslationOf<typeof english>;

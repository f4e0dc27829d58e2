import type { compare as english } from '../en/compare.js';
import type { TranslationOf } from '../types.js';

export const compare = {
  'cmd.compare': 'Dois jogadores lado a lado, com o histórico de duelos entre eles',
  'cmd.compare.a': 'Primeiro jogador (nick no jogo)',
  'cmd.compare.b': 'Segundo jogador (nick no jogo)',
  'compare.samePlayer': 'Escolha dois jogadores diferentes: **{name}** foi informado duas vezes.',

  'compare.title': '{a} x {b}',
  'compare.duel': 'Confronto direto',
  'compare.duelAllTime': 'Confronto direto (todo o tempo)',
  'compare.duel.killed': { one: '{killer} abateu {victim} {count} vez', many: '{killer} abateu {victim} {count} de vezes', other: '{killer} abateu {victim} {count} vezes' },
  'compare.figure': '{label}: {a} x {b}',
  'compare.alt': '{a} x {b}, {subtitle}. {figures}. {duel}.',

  'compare.stat.weapon': 'Arma favorita',
  'compare.metres': '{distance} m',
  'compare.weaponKills': '{weapon} ({kills})',
  'compare.card.vs': 'VS',
  'compare.card.duel': 'Abates um no outro',
  'compare.card.allTime': 'todo o tempo',
} satisfies TranslationOf<typeof english>;

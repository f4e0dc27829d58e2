import type { compare as english } from '../en/compare.js';
import type { TranslationOf } from '../types.js';

export const compare = {
  'cmd.compare': 'Zwei Spieler im Vergleich, mit ihrer Duell-Bilanz',
  'cmd.compare.a': 'Erster Spieler (Ingame-Name)',
  'cmd.compare.b': 'Zweiter Spieler (Ingame-Name)',
  'compare.samePlayer': 'Wähle zwei verschiedene Spieler: **{name}** wurde zweimal angegeben.',

  'compare.title': '{a} gegen {b}',
  'compare.duel': 'Direkter Vergleich',
  'compare.duelAllTime': 'Direkter Vergleich (gesamte Zeit)',
  'compare.duel.killed': { one: '{killer} hat {victim} {count}-mal getötet', other: '{killer} hat {victim} {count}-mal getötet' },
  'compare.figure': '{label}: {a} gegen {b}',
  'compare.alt': '{a} gegen {b}, {subtitle}. {figures}. {duel}.',

  'compare.stat.weapon': 'Lieblingswaffe',
  'compare.metres': '{distance} m',
  'compare.weaponKills': '{weapon} ({kills})',
  'compare.card.vs': 'VS',
  'compare.card.duel': 'Kills aneinander',
  'compare.card.allTime': 'gesamte Zeit',
} satisfies TranslationOf<typeof english>;

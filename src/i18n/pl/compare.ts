import type { compare as english } from '../en/compare.js';
import type { TranslationOf } from '../types.js';

export const compare = {
  'cmd.compare': 'Dwóch graczy obok siebie, z bilansem ich pojedynków',
  'cmd.compare.a': 'Pierwszy gracz (nick w grze)',
  'cmd.compare.b': 'Drugi gracz (nick w grze)',
  'compare.samePlayer': 'Wybierz dwóch różnych graczy: **{name}** podano dwa razy.',

  'compare.title': '{a} kontra {b}',
  'compare.duel': 'Pojedynki',
  'compare.duelAllTime': 'Pojedynki (cały czas)',
  'compare.duel.killed': {
    one: '{killer} zabił(a) {victim} {count} raz',
    few: '{killer} zabił(a) {victim} {count} razy',
    many: '{killer} zabił(a) {victim} {count} razy',
    other: '{killer} zabił(a) {victim} {count} razy',
  },
  'compare.figure': '{label}: {a} kontra {b}',
  'compare.alt': '{a} kontra {b}, {subtitle}. {figures}. {duel}.',

  'compare.stat.weapon': 'Ulubiona broń',
  'compare.metres': '{distance} m',
  'compare.weaponKills': '{weapon} ({kills})',
  'compare.card.vs': 'VS',
  'compare.card.duel': 'Zabójstwa siebie nawzajem',
  'compare.card.allTime': 'cały czas',
} satisfies TranslationOf<typeof english>;

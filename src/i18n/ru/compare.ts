import type { compare as english } from '../en/compare.js';
import type { TranslationOf } from '../types.js';

export const compare = {
  'cmd.compare': 'Два игрока рядом и счёт их личных встреч',
  'cmd.compare.a': 'Первый игрок (ник в игре)',
  'cmd.compare.b': 'Второй игрок (ник в игре)',
  'compare.samePlayer': 'Выберите двух разных игроков: **{name}** указан дважды.',

  'compare.title': '{a} против {b}',
  'compare.duel': 'Личные встречи',
  'compare.duelAllTime': 'Личные встречи (за всё время)',
  'compare.duel.killed': {
    one: '{killer} убил {victim} {count} раз',
    few: '{killer} убил {victim} {count} раза',
    many: '{killer} убил {victim} {count} раз',
    other: '{killer} убил {victim} {count} раза',
  },
  'compare.figure': '{label}: {a} против {b}',
  'compare.alt': '{a} против {b}, {subtitle}. {figures}. {duel}.',

  'compare.stat.weapon': 'Любимое оружие',
  'compare.metres': '{distance} м',
  'compare.weaponKills': '{weapon} ({kills})',
  'compare.card.vs': 'VS',
  'compare.card.duel': 'Убийства друг друга',
  'compare.card.allTime': 'за всё время',
} satisfies TranslationOf<typeof english>;

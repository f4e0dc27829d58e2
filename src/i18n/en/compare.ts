/** The compare domain's words (see ./core.ts for the conventions): /compare (two players side by side). */
export const compare = {
  'cmd.compare': 'Two players side by side, with their duel record',
  'cmd.compare.a': 'First player (in-game name)',
  'cmd.compare.b': 'Second player (in-game name)',
  'compare.samePlayer': 'Pick two different players: **{name}** was given twice.',

  // The embed and the image's description.
  'compare.title': '{a} vs {b}',
  'compare.duel': 'Head to head',
  /** With a window: the duel record counts every kill, whatever the window. */
  'compare.duelAllTime': 'Head to head (all time)',
  'compare.duel.killed': { one: '{killer} killed {victim} {count} time', other: '{killer} killed {victim} {count} times' },
  'compare.figure': '{label}: {a} vs {b}',
  'compare.alt': '{a} vs {b}, {subtitle}. {figures}. {duel}.',

  // The card (and its rows, which the description repeats).
  'compare.stat.weapon': 'Favourite weapon',
  'compare.metres': '{distance} m',
  'compare.weaponKills': '{weapon} ({kills})',
  'compare.card.vs': 'VS',
  'compare.card.duel': 'Kills on each other',
  'compare.card.allTime': 'all time',
} as const;

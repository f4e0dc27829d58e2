/** The flags domain's words (see ./core.ts for the conventions): suspicious kills and kicks (/flags). */
export const flags = {
  'cmd.flags': 'Suspicious kills: too far for the weapon, too fast, sudden K/D jumps (admins)',
  'flags.title': '🚩 Suspicious kills · {scope} · {window}',
  'flags.none': 'No suspicious kill in this window.',
  'flags.page': 'Page {page} · newest first · kept {days} days',
  'flags.line': '<t:{at}:f> · **{killer}** → **{victim}** · {weapon} · {range} · {reasons}\n`{file}:{line}`',
  'flags.range.max': '{distance} m (max {max} m)',
  'flags.range.none': '{distance} m',
  'flags.reason.range': 'too far',
  'flags.reason.rate': 'kill rate',
  'flags.reason.kd': 'K/D jump',
  'flags.post.kick.title': '👢 {player} was kicked',
  'flags.post.kick.body': 'Reason: {reason}\nServer: **{server}**',
  'flags.post.kick.noReason': 'none given',
  'flags.post.flag.title': '🚩 Suspicious kill: {killer} → {victim}',
  'flags.post.flag.body': '{weapon} · {range} · {reasons}\nServer: **{server}** · `{file}:{line}`\n`/flags` lists them all.',
} as const;

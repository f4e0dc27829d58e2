/**
 * Refusals of GameServers, ServerRepo and the add/edit form, and the feed channel checks. Most are clauses
 * (they follow "❌ "); a form problem alone is told as a sentence (`…Alone`).
 */
export const errors = {
  'server.error.gone': 'that server no longer exists; see `/server list`',
  'server.error.noSuchServer': 'no server "{name}" in this Discord server; see `/server list`',
  'server.error.nameExists': 'a server named "{name}" already exists here',
  'server.error.nameTaken': 'a server named "{name}" already exists here; pick another name',
  'server.error.removedMeanwhile': 'that server was removed meanwhile',
  'server.error.promptExpired': 'this prompt has expired; run the command again',
  'server.error.limit': {
    one: 'this Discord server already has {count} game server, the limit of the {tier} tier ({limit}). Remove one with `/server remove`, or ask the bot’s operators about a higher premium tier.',
    other: 'this Discord server already has {count} game servers, the limit of the {tier} tier ({limit}). Remove one with `/server remove`, or ask the bot’s operators about a higher premium tier.',
  },
  'server.error.movedNeedsPassword':
    '**{name}** at this address shows another host key than the one trusted for it; type the password again to move it (the stored password is only ever sent to the host with the trusted key)',
  'server.error.keyChangedBeforeSave':
    'the host now shows another key ({presented}) than the one you trusted; no password was sent and nothing was saved. Check with your host, then try again',
  'server.error.notSaved': '{reason}. Nothing was saved: run the command again with the right details',
  'server.error.promptPasswordUnreadable': 'the password of this prompt cannot be read; nothing was saved or sent: run the command again',
  'server.error.passwordUnreadable': "the stored password of **{name}** cannot be read (the bot's SECRETS_KEY changed); enter it again with `/server edit`",
  'server.error.pollTooOften': {
    one: 'your tier allows polling every {count} second at most often (asked: {asked}); a higher premium tier polls more often',
    other: 'your tier allows polling every {count} seconds at most often (asked: {asked}); a higher premium tier polls more often',
  },
  'server.error.backfillTierPaused': "**{name}** is paused: it is beyond your premium tier's server limit; see `/premium status`",
  'server.error.hostKeyBlocked': 'the host key of **{name}** changed (now {presented}); the bot will not connect until an admin checks it with `/server test` and trusts the new key',
  'server.error.unknownKey': 'unknown',
  'server.error.untrusted': 'no host key of **{name}** is trusted yet; check it with `/server test` first',

  'server.input.fix': 'Please fix:\n{problems}',
  'server.input.item': '• {problem}',
  'server.input.nameEmpty': 'the name is empty',
  'server.input.nameEmptyAlone': 'The name is empty',
  'server.input.nameLong': 'the name is longer than {max} characters',
  'server.input.nameLongAlone': 'The name is longer than {max} characters',
  'server.input.nameControl': 'the name cannot contain control characters such as tabs or line breaks',
  'server.input.nameControlAlone': 'The name cannot contain control characters such as tabs or line breaks',
  'server.input.hostEmpty': 'the host is empty',
  'server.input.hostEmptyAlone': 'The host is empty',
  'server.input.port': 'the port must be a whole number from 1 to 65535 (got "{got}")',
  'server.input.portAlone': 'The port must be a whole number from 1 to 65535 (got "{got}")',
  'server.input.usernameEmpty': 'the username is empty',
  'server.input.usernameEmptyAlone': 'The username is empty',
  'server.input.usernameLong': 'the username is longer than {max} characters',
  'server.input.usernameLongAlone': 'The username is longer than {max} characters',
  'server.input.usernameSpaces': 'the username cannot contain spaces',
  'server.input.usernameSpacesAlone': 'The username cannot contain spaces',
  'server.input.passwordEmpty': 'the password is empty',
  'server.input.passwordEmptyAlone': 'The password is empty',
  'server.input.passwordLong': 'the password is longer than {max} characters',
  'server.input.passwordLongAlone': 'The password is longer than {max} characters',
  'server.input.rootLong': 'the root path is longer than {max} characters',
  'server.input.rootLongAlone': 'The root path is longer than {max} characters',
  'server.input.rootNul': 'the root path contains a NUL byte',
  'server.input.rootNulAlone': 'The root path contains a NUL byte',
  'server.input.unreadable': 'a field of the form could not be read',
  'server.input.unreadableAlone': 'A field of the form could not be read',

  // Feed names as the channel checks and /server channels name them.
  'server.feed.killfeed': 'killfeed',
  'server.feed.callouts': 'callouts',
  'server.feed.events': 'events',
  'server.feed.connections': 'connections',
  'server.feed.playercount': 'playercount',
  // Discord's names for the permissions (as its role settings show them).
  'server.permission.viewChannel': 'View Channel',
  'server.permission.sendMessages': 'Send Messages',
  'server.permission.embedLinks': 'Embed Links',
  'server.permission.manageChannels': 'Manage Channels',
  'server.channels.notHere': 'the {feed} channel is not a channel of this Discord server',
  'server.channels.needsText': 'the {feed} channel must be a text channel',
  'server.channels.needsVoice': 'the player count channel must be a voice channel',
  'server.channels.missing': 'I need {permissions} in {channel} for the {feed} feed',

  // Joining messages: lines, and "A, B and C".
  'server.join.none': '—',
  'server.join.lines': '{first}\n{next}',
  'server.join.comma': '{first}, {next}',
  'server.join.and': '{first} and {last}',
} as const;

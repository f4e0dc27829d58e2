/** /server list, the Trust & save prompt, /server test's reports and what a connection found. */
export const views = {
  'server.time.never': 'never',

  'server.field.address': 'Address',
  'server.field.handshake': 'Handshake',
  'server.field.hostKeySha256': 'Host key (SHA256)',
  'server.field.hostKey': 'Host key',
  'server.field.latency': 'Latency',
  'server.field.found': 'Found',
  'server.field.pinned': 'Pinned',
  'server.field.presented': 'Presented',
  'server.field.presentedNow': 'Presented now',
  'server.field.root': 'Root',
  'server.field.ms': '{ms} ms',

  'server.trustPrompt.title': '{name}: check the host key',
  'server.trustPrompt.description':
    'The host identified itself with the key below. If your game host shows a fingerprint, compare it; once trusted, the bot refuses to connect if the key ever changes (protection against interception). No password has been sent yet: after **Trust & save** the bot logs in with this key pinned and shows what it found.',
  'server.trustPrompt.footer': 'This prompt expires in 15 minutes. The password is stored encrypted.',

  'server.unpinned.title': '{name}: no host key trusted yet',
  'server.unpinned.description':
    "The bot has never checked this server's host key, so it has not sent its password anywhere. Compare the key below with the one your game host shows; **Trust key** pins it and then tests the login.",

  'server.testReport.title': '✅ {name}: connection OK',
  'server.testReport.latency': '{ms} ms (connect {connectMs} ms)',
  'server.testReport.matches': '✅ matches the pinned key',
  'server.testReport.matchesAgain': '✅ matches the pinned key again: connections are allowed again',

  'server.mismatch.title': '⚠️ {name}: the host key changed',
  'server.mismatch.description':
    'The host presented a different key than the one trusted when the server was added. The bot will not connect until you decide.\n• **Trust new key** if your game host moved or reinstalled the server (ask them if unsure).\n• **Keep blocked** if nothing changed on your side: someone may be intercepting the connection.',

  'server.found.notSearched': 'not searched',
  'server.found.noKillfeed': '⚠️ no killfeed folder (`actual1/deathlogs/world_N`) found under the root',
  'server.found.killfeedDir': { one: '📁 {path} — {count} CSV file', other: '📁 {path} — {count} CSV files' },
  'server.found.moreKillfeedDirs': { one: '… and {count} more killfeed folder', other: '… and {count} more killfeed folders' },
  'server.found.noLog': '⚠️ no `Logs/Deadside.log` found',
  'server.found.incomplete': '⚠️ the search stopped early: set the root path closer to the server files',
  'server.found.severalServers': {
    one: "⚠️ {count} game server under this root: set the root to one server's folder, e.g. {example}",
    other: "⚠️ {count} game servers under this root: set the root to one server's folder, e.g. {example}",
  },

  'server.status.blocked': 'blocked: host key changed (run `/server test`)',
  'server.status.unreadable': 'paused: stored password unreadable (re-enter it with `/server edit`)',
  'server.status.untrusted': 'host key not trusted yet (run `/server test`)',
  'server.status.tierPaused': 'paused by the premium tier: beyond its server limit (resumes by itself with a higher tier or fewer servers; see `/premium status`)',
  'server.status.paused': 'paused',
  'server.status.error': 'error {when}',
  'server.status.polling': 'polling',
  'server.status.waiting': 'waiting for the first poll',

  'server.list.title': 'Game servers',
  'server.list.footer': { one: '{servers} of {count} server ({tier} tier)', other: '{servers} of {count} servers ({tier} tier)' },
  'server.list.footerTierPaused': {
    one: '{servers} of {count} server ({tier} tier) · {paused} paused by the tier',
    other: '{servers} of {count} servers ({tier} tier) · {paused} paused by the tier',
  },
  'server.list.empty': 'No game server yet. Add one with `/server add`.',
  'server.list.fieldName': '{name} (id {id})',
  'server.list.status': '**Status:** {status}',
  'server.list.address': '**Address:** {address} · root {root}',
  'server.list.addressLegacy': '**Address:** {address} · root {root} · legacy SSH',
  'server.list.lastPoll': '**Last poll:** {when} · **lines read:** {lines} · {every}',
  'server.list.poll': 'every {seconds}s',
  'server.list.pollTierMax': 'every {seconds}s (as often as the {tier} tier allows)',
  'server.list.pollTierFloor': 'every {seconds}s ({tier} tier minimum; set to {set}s)',
  'server.list.lastError': '**Last error:** {error}',
  'server.list.noError': 'none',
  'server.list.channels': '**Channels:** killfeed {killfeed} · callouts {callouts} · events {events} · connections {connections} · player count {playercount}',
  'server.list.compact': 'polled {polled} · {lines} lines',
  'server.list.legend': 'Legend: 📰 killfeed · 🏆 callouts · 📣 events · 🚪 connections · 🔊 player count · ⏸️ paused (missing permissions)',

  'server.held.line': '⏸️ **{feed} paused:** {why}',
  'server.held.text': '{why} (since {since}; posts are kept and sent in order once it is fixed)',
  'server.held.deleted': 'the channel was deleted: pick another with `/server channels`',
  'server.held.missing': 'I need {permissions} there',
  'server.held.refused': 'Discord refused posts there (code {code}); trying again {retry}',
  'server.lastError.hostKeyChanged': 'host key changed',
  'server.lastError.passwordUnreadable': 'stored password unreadable: re-enter it with /server edit',
  'server.lastError.passwordDeleted': 'password deleted when the bot left this Discord server: enter it again with /server edit',
} as const;

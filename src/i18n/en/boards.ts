/** The boards domain's words (see ./core.ts for the conventions): /board (boards kept up to date), board images. */
export const boards = {
  'cmd.board': 'Boards the bot keeps up to date in a channel (admins)',
  'cmd.board.post': 'Post a board that the bot edits in place when it changes',
  'cmd.board.post.channel': 'The channel to post it in',
  'cmd.board.list': "This server's boards and their state",
  'cmd.board.remove': 'Stop a board and delete its message',
  'cmd.board.remove.board': 'The board to remove',
  'boards.option.image': 'Show the board as a picture: a podium for the top 3, then a table',

  // What a board shows.
  'boards.title.window': '🏆 {board} · {window} — {scope}',
  'boards.windowIgnored': 'No time window for {board}: all time',
  'boards.serverRemoved': 'a removed server',
  'boards.updatesEvery': 'Updates every {minutes} min',
  'boards.tier.unlock': { one: '📋 **{count}** live board, updated every **{minutes} min**', other: '📋 up to **{count}** live boards, updated every **{minutes} min**' },
  'boards.permission.attachFiles': 'Attach Files',

  // /board post, list, remove
  'boards.post.needsText': 'A board goes in a text or announcement channel.',
  'boards.post.missing': 'I need {permissions} in {channel} to post a board there. Give me those (channel or role permissions), then try again.',
  'boards.post.done': '✅ Posted the **{board}** board ({scope}) in {channel}: {link}\nI edit it in place when it changes, at most every **{minutes} min**. `/board list` shows your boards.',
  'boards.post.limit': {
    one: 'This server can keep **{count}** board on the **{tier}** tier, and has it already. Remove it with `/board remove`, or a higher premium tier allows more.',
    other: 'This server can keep **{count}** boards on the **{tier}** tier, and has them all. Remove one with `/board remove`, or a higher premium tier allows more.',
  },
  'boards.list.title': 'Boards ({count} of {limit})',
  'boards.list.none': 'No boards yet: `/board post` posts one.',
  'boards.list.footer': '{tier} tier · each board is updated at most every {minutes} min',
  'boards.list.message': 'message',
  'boards.list.notPosted': 'not posted yet',
  'boards.list.updated': 'changed {when}',
  'boards.list.next': 'next look {when}',
  'boards.list.paused.permissions': '⏸️ Paused {since}: I lack permissions in its channel (View Channel, Send Messages, Embed Links; Attach Files for a picture). I try again every hour.',
  'boards.list.paused.channel': '⏹️ Stopped {since}: its channel was deleted. `/board remove` removes it.',
  'boards.list.paused.deleted': '⏹️ Stopped {since}: its message was deleted again after I posted it again. `/board post` posts a new one.',
  'boards.list.paused.tier': "⏸️ Paused {since}: beyond the premium tier's number of boards. It resumes when the tier allows it.",
  'boards.remove.unknown': 'There is no board **{id}** here. `/board list` shows your boards.',
  'boards.remove.done': '🗑️ Removed the **{board}** board in {channel} and deleted its message.',

  // What admins are told without asking.
  'boards.notice.reposted.title': '📋 Board posted again',
  'boards.notice.reposted':
    'The **{board}** board in {channel} (posted by {admin}) was deleted, so I posted it again: {link}\nIf it is deleted again, it stops updating. To stop it for good, use `/board remove`.',
  'boards.notice.paused.title': '⏸️ A board stopped updating',
  'boards.notice.paused.permissions':
    'I can no longer post or edit the **{board}** board in {channel} (posted by {admin}): I need View Channel, Send Messages and Embed Links there (and Attach Files for a picture). I try again every hour; `/board list` shows its state.',
  'boards.notice.paused.channel': 'The channel {channel} of the **{board}** board (posted by {admin}) was deleted, so the board stopped. `/board remove` removes it; `/board post` posts a new one.',
  'boards.notice.paused.deleted':
    'The **{board}** board in {channel} (posted by {admin}) was deleted again after I posted it again, so it stopped. `/board post` posts a new one; `/board remove` takes it off `/board list`.',
  'boards.notice.paused.tier': {
    one: 'The **{board}** board in {channel} (posted by {admin}) is beyond what the **{tier}** tier allows ({count} board), so it stopped updating. It resumes by itself once the tier allows it; `/board remove` removes a board.',
    other: 'The **{board}** board in {channel} (posted by {admin}) is beyond what the **{tier}** tier allows ({count} boards), so it stopped updating. It resumes by itself once the tier allows it; `/board remove` removes a board.',
  },
} as const;

/** The bounties domain's words (see ./core.ts for the conventions): bounties (/bounty). */
export const bounties = {
  'cmd.bounty': 'Put credits on an in-game player: the member whose player kills them claims the bounty',
  'cmd.bounty.place': 'Put a bounty on a player (your credits are held until it is claimed, cancelled or expires)',
  'cmd.bounty.place.player': 'The player (players seen in this server’s killfeeds)',
  'cmd.bounty.place.amount': 'How many of your credits',
  'cmd.bounty.place.hours': 'How many hours it runs (1–72; 24 if left out)',
  'cmd.bounty.list': 'The active bounties: each target’s total and when it expires',
  'cmd.bounty.list.server': 'Only players seen on this game server',
  'cmd.bounty.list.page': 'Page to show',
  'cmd.bounty.cancel': 'Take back a bounty you placed, while nobody has claimed it',
  'cmd.bounty.cancel.id': 'Your bounty (suggests your active ones)',

  'bounty.place.notSeen': 'No player **{name}** has been seen in this server’s killfeeds.',
  'bounty.place.own': 'You cannot put a bounty on your own player.',
  'bounty.place.range': 'A bounty on this server is between **{min}** and **{max}** credits.',
  'bounty.place.hours': 'A bounty runs between {min} and {max} hours.',
  'bounty.place.guildFull': 'This server already has as many active bounties as it can ({max}). Try again once one is settled.',
  'bounty.place.mineFull': 'You already have as many active bounties as one member can ({max}).',
  'bounty.place.pending': 'That bounty is still being placed. Try again in a moment.',
  'bounty.place.undone': 'Placing this bounty took too long and was undone: your credits are back. Try again.',
  'bounty.place.poor': 'You do not have the **{amount}** credits this bounty needs (`/profile` shows your balance).',
  'bounty.place.done': '💰 {placer} put **{amount}** credits on **{target}**, until {expires} (id `{id}`). Total on {target}: **{total}** credits.',

  'bounty.list.title': '💰 Active bounties',
  'bounty.list.line': '**{target}**: **{total}** credits ({count}×) · first expires {expires}',
  'bounty.list.none': 'No active bounties. Put one on a player with `/bounty place`.',
  'bounty.list.page': 'Page {page} of {pages}',

  'bounty.cancel.notYours': 'You have no bounty with that id.',
  'bounty.cancel.claimed': 'That bounty has been claimed already.',
  'bounty.cancel.over': 'That bounty is over already (expired or cancelled).',
  'bounty.cancel.done': '↩️ Your bounty of **{amount}** credits on **{target}** is cancelled: the credits are back on your balance.',
  'bounty.cancel.choice': '{target}: {amount} credits ({id})',

  'bounty.feed.claimed': '💰 {amount} bounty claimed by {member}',
  'bounty.auto.callout': '🎯 {target} is on a streak: the house puts a {amount} bounty on them',
} as const;

/**
 * The feed domain's words (see ./core.ts for the conventions): what is posted to a guild's feed
 * channels (kills, server events, joins and leaves, the held-posts summary), the player-count channel's
 * name, and the listing notice admins see in `/server list`. Player, weapon and place names are
 * parameters: they come from the game server's logs and are never translated. Kill posts add what a
 * kill means (`feed.label.*` in rich posts, the shorter `feed.tag.*` in compact lines; src/ingest/killPosts.ts)
 * and the weapon's kind (`feed.weapon.*`, src/deadside/weapons.ts); the callouts channel gets `feed.callout.*`
 * headlines (src/ingest/callouts.ts).
 */
export const feed = {
  'feed.kill.killed': '{killer} killed {victim}',
  'feed.kill.member': '👤 {player} is {member}',
  'feed.kill.ranOver': '{killer} ran over {victim}',
  'feed.kill.weapon': 'Weapon',
  'feed.kill.distance': 'Distance',
  'feed.kill.metres': '{distance} m',
  'feed.kill.platform': 'Platform',
  'feed.kill.platforms': '{killer} vs {victim}',
  'feed.suicide.menu': '{victim} relocated (menu suicide)',
  'feed.suicide.fall': '{victim} fell to their death',
  'feed.suicide.vehicle': '{victim} died in a vehicle',
  'feed.suicide.other': '{victim} killed themselves',
  'feed.death': '{victim} died',

  'feed.kill.weaponWithCategory': '{weapon} · {category}',
  'feed.kill.streak': 'Streak',
  'feed.kill.kd': 'K/D',
  'feed.weapon.sniper': 'Sniper',
  'feed.weapon.rifle': 'Rifle',
  'feed.weapon.smg': 'SMG',
  'feed.weapon.shotgun': 'Shotgun',
  'feed.weapon.pistol': 'Pistol',
  'feed.weapon.melee': 'Melee',
  'feed.weapon.explosive': 'Explosive',
  'feed.weapon.vehicle': 'Vehicle',
  'feed.weapon.other': 'Other',
  'feed.label.revenge': '🔁 **Revenge!** {killer} got payback on {victim}',
  'feed.label.streakEnded': { one: "🛑 Ended {victim}'s streak of {count} kill", other: "🛑 Ended {victim}'s streak of {count} kills" },
  'feed.label.longShot': '🎯 **Long shot:** {distance}',
  'feed.label.streak': { one: '🔥 **{count} kill in a row!**', other: '🔥 **{count} kills in a row!**' },
  'feed.label.kills': { one: '🏆 **Kill #{count}** for {killer}', other: '🏆 **Kill #{count}** for {killer}' },
  'feed.label.firstOfDay': '🌅 **First blood of the day**',
  'feed.tag.revenge': '🔁 revenge',
  'feed.tag.streakEnded': { one: '🛑 ended a {count} streak', other: '🛑 ended a {count} streak' },
  'feed.tag.longShot': '🎯 long shot',
  'feed.tag.streak': { one: '🔥 {count} in a row', other: '🔥 {count} in a row' },
  'feed.tag.kills': { one: '🏆 kill #{count}', other: '🏆 kill #{count}' },
  'feed.tag.firstOfDay': '🌅 first blood',
  'feed.compact.kill': '**{killer}** killed **{victim}** · {weapon} · {distance}',
  'feed.compact.ranOver': '**{killer}** ran over **{victim}** · {weapon}',
  'feed.callout.kills': { one: '🏆 {killer} reached {count} kill!', other: '🏆 {killer} reached {count} kills!' },
  'feed.callout.streak': { one: '🔥 {killer} is on a {count}-kill streak!', other: '🔥 {killer} is on a {count}-kill streak!' },
  'feed.callout.streakEnded': { one: "🛑 {killer} ended {victim}'s {count}-kill streak", other: "🛑 {killer} ended {victim}'s {count}-kill streak" },
  'feed.callout.longShot': '🎯 Long shot! {killer} hit {victim} from {distance}',
  'feed.callout.firstOfDay': '🌅 {killer} drew first blood today',

  'feed.event.serverStart': 'Server restarted',
  'feed.event.mission': 'Mission ready: {place}',
  'feed.event.airdrop': 'Airdrop incoming',
  'feed.event.helicrash': 'Helicopter crash spawned',
  'feed.event.trader': 'Roaming trader spawned',
  'feed.event.convoy': 'Convoy spawned',

  'feed.connection.joined': '{name} joined',
  'feed.connection.left': '{name} left',

  'feed.held.title': '⏸️ Posts not shown',
  'feed.held.summary': "{parts} not shown while this channel refused the bot's posts (they are counted in the stats).",
  'feed.held.killfeed': { one: '{count} kill post', other: '{count} kill posts' },
  'feed.held.callouts': { one: '{count} callout', other: '{count} callouts' },
  'feed.held.events': { one: '{count} event', other: '{count} events' },
  'feed.held.connections': { one: '{count} join or leave', other: '{count} joins and leaves' },
  'feed.held.admin': { one: '{count} admin post', other: '{count} admin posts' },
  'feed.held.separator': '{first}, {rest}',

  'feed.playerCount.name': '🟢 {online}/{max}',
  'feed.playerCount.queued': '🟢 {online}/{max} ({queued} queued)',

  'feed.listing.limited': 'listing limited: {parts}',
  'feed.listing.separator': '{first}; {rest}',
  'feed.listing.worlds': '{count} world_N folders, only the {max} highest are read',
  'feed.listing.csvs': '{world}: only the newest {max} of {count} CSV files are read',
  'feed.listing.unlisted': '{world}: too many entries to list them all, the newest {max} CSV files found are read',
  'feed.listing.more': '{count} more world folders cut short',
} as const;

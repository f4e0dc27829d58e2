/** What the bot posts to a guild's admins on its own (events or system channel), in the guild's language. */
export const alerts = {
  'server.alert.hostKey.title': '⚠️ Host key changed: {name}',
  'server.alert.hostKey.description':
    'The SFTP host presented a different key, so the bot stopped connecting to **{name}** (killfeed and events are paused).\nIf the game host moved or reinstalled the server, an admin can check the new key with `/server test` and trust it. If nothing changed on your side, someone may be intercepting the connection: contact your host first.',

  'server.alert.password.title': '⚠️ Password unreadable: {name}',
  'server.alert.password.description':
    'The bot cannot read the stored SFTP password of **{name}** (its encryption key, SECRETS_KEY, was changed or lost), so it stopped reading this server. An admin can enter the password again with `/server edit`; the feeds then resume.',

  'server.alert.tier.title': 'Premium: now {tier} (was {was})',
  'server.alert.tier.description':
    "This Discord server's premium tier changed from **{was}** to **{tier}** (a grant expired, was revoked or replaced). Nothing was deleted; what goes beyond the new tier is paused or slowed. The bot’s operators can grant a higher tier again; `/premium status` shows it.",
  'server.alert.tier.servers': 'Game servers',
  'server.alert.tier.nonePaused': 'No game server had to pause.',
  'server.alert.tier.beyond': {
    one: "It is beyond the {tier} tier's {limit} (the newest pause first) and resumes by itself when the tier allows it again.",
    other: "They are beyond the {tier} tier's {limit} (the newest pause first) and resume by themselves when the tier allows them again.",
  },
  'server.alert.tier.limit': { one: '{count} server', other: '{count} servers' },
  'server.alert.tier.unlocks': '{tier} tier',
  'server.alert.tier.canvas': 'The canvas keeps its size; it can only be resized within the limit.',

  'server.alert.imported.title': '🟡 Game server from the old bot: {name}',
  'server.alert.imported.description':
    "The old bot's SFTP settings became the game server **{name}**. Its password was moved and is stored encrypted, but the bot has not read it yet: it first needs an admin to check the host key. Run `/server test`, compare the key with the one your game host shows, and press **Trust key**; the bot then logs in and starts the feeds. Until then no password is sent anywhere.",
} as const;

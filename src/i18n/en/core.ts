/**
 * The framework's words: the error boundary, access and rate-limit refusals, Discord's refusals,
 * stale controls. Keys are `<domain>.<what>`; `{name}` is a parameter (numbers are formatted for the reader).
 */
export const core = {
  'error.category.validation': 'Your input was not accepted',
  'error.category.permission': 'You are not allowed to do that',
  'error.category.rate_limit': 'Slow down',
  'error.category.not_found': 'Not found',
  'error.category.premium': 'Needs a higher premium tier',
  'error.category.conflict': 'Conflicting change',
  'error.category.external': 'A remote service failed',
  'error.category.internal': 'Something went wrong on our side',

  'error.refused': '❌ {text}',
  'error.databaseUnavailable':
    "⚠️ The bot's database is unreachable right now, so `/{command}` could not run. Commands that do not need it (`/about`, `/help`) still work; please try again in a minute.",
  'error.discordRefused': '⚠️ {text} (error id **{id}**, `/errors show id:{id}`)',
  'error.internal': '⚠️ Something went wrong while running `/{command}`. It has been recorded with error id **{id}** — an admin can look it up with `/errors show id:{id}`.',
  'error.guildOnly': 'This bot works inside a server, not in direct messages.',
  'error.rateLimited': "You're going too fast. You can use `/{command}` again {when}.",
  'error.premiumNeeded': 'This needs the **{needed}** premium tier (this server has {current}).',
  'error.staleControl': 'This control is no longer supported. Run the command again to get a fresh one.',
  'error.commandChanged': 'This command changed; run it again from the command list.',
  'error.formTooSlow': 'That took too long to open a form. Please try again.',
  'error.aliasRenamed': '`/{alias}` is now `/{command}`.',

  'access.admin': 'This needs the **Manage Server** permission (or the admin role set in `/settings`).',
  'access.owner': 'Only the bot operators can do this.',

  'discord.missingPermissions':
    "I am missing a permission I need for that here. An admin can check my role and this channel's permissions (View Channel, Send Messages, Embed Links, Attach Files).",
  'discord.missingAccess': 'I cannot see that channel: an admin needs to give me View Channel there.',
  'discord.unknownChannel': 'That channel no longer exists. If it was a feed channel, pick another one with `/server channels`.',
  'discord.unknownMessage': 'That message no longer exists (it was deleted). Run the command again for a new one.',
  'discord.invalidFormBody': 'Discord refused the message I built for you. That is a bug on our side; it has been recorded.',

  'unit.bytes': '{n} B',
  'unit.kilobytes': '{n} KB',
  'unit.megabytes': '{n} MB',
  'unit.gigabytes': '{n} GB',
  'unit.terabytes': '{n} TB',

  'alias.description': 'Now /{command}: {description}',
} as const;

/** Permission bits (https://discord.com/developers/docs/topics/permissions). */
export const Perm = {
  CreateInstantInvite: 1n << 0n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  Stream: 1n << 9n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  UseVAD: 1n << 25n,
  ChangeNickname: 1n << 26n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** What @everyone can do in a freshly created server, roughly. */
export const PLAIN_MEMBER_PERMISSIONS = Object.values(Perm)
  .filter((p) => p !== Perm.Administrator && p !== Perm.ManageChannels && p !== Perm.ManageGuild && p !== Perm.ManageMessages)
  .reduce((a, b) => a | b, 0n);

/** Every permission bit Discord currently defines (0..50): what an owner / administrator has. */
export const ALL_PERMISSIONS = (1n << 51n) - 1n;

/** Default permissions of the bot's own role: a member plus Manage Channels (renames) and Manage Messages. */
export const DEFAULT_BOT_PERMISSIONS = PLAIN_MEMBER_PERMISSIONS | Perm.ManageChannels | Perm.ManageMessages;

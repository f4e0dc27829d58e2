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
  ManageRoles: 1n << 28n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** What @everyone can do in a freshly created server, roughly. */
export const PLAIN_MEMBER_PERMISSIONS = Object.values(Perm)
  .filter((p) => p !== Perm.Administrator && p !== Perm.ManageChannels && p !== Perm.ManageGuild && p !== Perm.ManageMessages && p !== Perm.ManageRoles)
  .reduce((a, b) => a | b, 0n);

/** Every permission bit Discord currently defines (0..50): what an owner / administrator has. */
export const ALL_PERMISSIONS = (1n << 51n) - 1n;

/** Default permissions of the bot's own role: a member plus Manage Channels (renames) and Manage Messages. */
export const DEFAULT_BOT_PERMISSIONS = PLAIN_MEMBER_PERMISSIONS | Perm.ManageChannels | Perm.ManageMessages;

export interface Overwrite {
  id: string;
  /** 0 role, 1 member. */
  type: 0 | 1;
  allow: string;
  deny: string;
}

/**
 * A member's permissions in a channel, as Discord computes them
 * (https://discord.com/developers/docs/topics/permissions#permission-overwrites): the guild-level
 * permissions, then the @everyone overwrite, then the member's roles' overwrites together (deny, then
 * allow), then the member's own overwrite. Administrator (or ownership) skips the overwrites.
 */
export function channelPermissions(
  base: bigint,
  overwrites: readonly Overwrite[],
  ids: { guildId: string; userId: string; roleIds: readonly string[] },
): bigint {
  if (base & Perm.Administrator) return ALL_PERMISSIONS;
  let p = base;
  const apply = (o: Overwrite | undefined) => {
    if (o) p = (p & ~BigInt(o.deny)) | BigInt(o.allow);
  };
  apply(overwrites.find((o) => o.type === 0 && o.id === ids.guildId));
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && o.id !== ids.guildId && ids.roleIds.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  p = (p & ~deny) | allow;
  apply(overwrites.find((o) => o.type === 1 && o.id === ids.userId));
  // Without View Channel nothing else in the channel applies.
  return p & Perm.ViewChannel ? p : 0n;
}

const NAMES = Object.fromEntries(Object.entries(Perm).map(([k, v]) => [v.toString(), k])) as Record<string, string>;

/** The names of the bits of `needed` missing from `have`, e.g. ['SendMessages', 'EmbedLinks']. */
export function missingPermissions(have: bigint, needed: bigint): string[] {
  const out: string[] = [];
  for (let bit = 1n; bit <= needed; bit <<= 1n) if (needed & bit && !(have & bit)) out.push(NAMES[bit.toString()] ?? bit.toString());
  return out;
}

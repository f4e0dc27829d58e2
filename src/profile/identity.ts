/**
 * Who a profile is about, as the card shows them: the name members see in this guild and the avatar URL
 * (the guild avatar when set, else the account's). No URL when the member has no avatar of their own:
 * Discord's default avatar is its logo on a colour, and initials say more (and cost no fetch).
 */
import { GuildMember, type ImageURLOptions, type User } from 'discord.js';

export interface ProfileIdentity {
  userId: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
}

/** A guild member as discord.js gives it: cached, or the raw interaction payload of an uncached guild. */
export type AnyMember = GuildMember | { nick?: string | null; avatar?: string | null };

/** Static PNG (an animated avatar's first frame) at the size the card needs, twice its circle for sharpness. */
export const AVATAR_IMAGE_OPTIONS: Readonly<ImageURLOptions> = { extension: 'png', size: 256, forceStatic: true };

export function identityOf(user: User, member: AnyMember, guildId: string): ProfileIdentity {
  const nick = member instanceof GuildMember ? member.nickname : (member.nick ?? null);
  const memberAvatar = member.avatar ?? null;
  const avatarUrl = memberAvatar ? user.client.rest.cdn.guildMemberAvatar(guildId, user.id, memberAvatar, AVATAR_IMAGE_OPTIONS) : user.avatarURL(AVATAR_IMAGE_OPTIONS);
  return { userId: user.id, username: user.username, displayName: nick || user.globalName || user.username, avatarUrl };
}

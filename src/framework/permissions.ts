import { PermissionFlagsBits, type Interaction } from 'discord.js';
import type { GuildConfig } from '../db/schemas.js';
import { msg } from '../i18n/message.js';
import type { Msg } from '../i18n/types.js';

/**
 * Who may run what: the one place that decides. `admin` = Manage Server (what the slash definition's
 * default_member_permissions asks Discord to enforce; we check again because guild admins can override
 * those in Integrations settings) or the guild's configured admin role; `owner` = the bot operators.
 */
export type Access = 'everyone' | 'admin' | 'owner';

export const ADMIN_DEFAULT_PERMISSIONS = PermissionFlagsBits.ManageGuild;

export function memberRoleIds(interaction: Interaction): string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

export function isAdmin(interaction: Interaction, guildConfig: GuildConfig | null): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  const adminRole = guildConfig?.adminRoleId;
  return Boolean(adminRole && memberRoleIds(interaction).includes(adminRole));
}

/**
 * Who may choose the admin role: Manage Server (or an operator) only. Holding the admin role grants admin
 * commands, not the power to hand that role to someone else or take it from the server's managers.
 */
export function mayChangeAdminRole(interaction: Interaction, ownerIds: readonly string[]): boolean {
  return ownerIds.includes(interaction.user.id) || Boolean(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild));
}

export function hasAccess(access: Access, interaction: Interaction, guildConfig: GuildConfig | null, ownerIds: readonly string[]): boolean {
  if (ownerIds.includes(interaction.user.id)) return true;
  switch (access) {
    case 'everyone':
      return true;
    case 'admin':
      return isAdmin(interaction, guildConfig);
    case 'owner':
      return false;
  }
}

export const ACCESS_DENIED_MESSAGE: Record<Exclude<Access, 'everyone'>, Msg> = {
  admin: msg('access.admin'),
  owner: msg('access.owner'),
};

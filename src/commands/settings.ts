import { ApplicationCommandOptionType, ChannelType, EmbedBuilder } from 'discord.js';
import { UserError } from '../errors.js';
import { defineCommand, defineSubcommand } from '../framework/define.js';
import { mayChangeAdminRole } from '../framework/permissions.js';
import type { CommandContext } from '../framework/types.js';
import type { GuildConfig } from '../db/schemas.js';
import { GUILD_LOCALES } from '../i18n/locales.js';
import { msg } from '../i18n/message.js';
import type { GuildSettingsPatch } from '../repos/guildConfigRepo.js';

/** `/link` modes (guildConfigSchema.linkMode): `approval`, the default, or `open`. */
const LINK_MODES = ['approval', 'open'] as const;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The settings in the member's words; a guild that chose no locale follows its preferred locale in Discord. */
async function settingsEmbed({ interaction, t, guildT }: CommandContext, config: GuildConfig, title: string): Promise<EmbedBuilder> {
  // Text, not a Discord timestamp: it shows what the guild's timezone and locale make of "now".
  const localTime = (await guildT()).format.dateTime(new Date());
  const locale = config.locale ?? t.t('admin.settings.discordLocale', { locale: interaction.guildLocale });
  return new EmbedBuilder()
    .setTitle(title)
    .setColor(0x5865f2)
    .addFields(
      { name: t.t('admin.settings.timezone'), value: t.t('admin.settings.timezoneValue', { timezone: config.timezone, time: localTime }), inline: true },
      { name: t.t('admin.settings.locale'), value: locale, inline: true },
      { name: t.t('admin.settings.adminRole'), value: config.adminRoleId ? `<@&${config.adminRoleId}>` : t.t('admin.settings.noAdminRole'), inline: true },
      { name: t.t('links.settings.linkMode'), value: t.t(config.linkMode === 'open' ? 'links.settings.open' : 'links.settings.approval'), inline: true },
      { name: t.t('links.settings.adminChannel'), value: config.adminChannelId ? `<#${config.adminChannelId}>` : t.t('links.settings.noAdminChannel'), inline: true },
    );
}

const view = defineSubcommand({
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'view', description: 'cmd.settings.view' },
  async run(ctx) {
    const config = await ctx.services.guildConfigs.get(ctx.interaction.guildId);
    await ctx.respond({ embeds: [await settingsEmbed(ctx, config, ctx.t.t('admin.settings.title'))] });
  },
});

const set = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'set',
    description: 'cmd.settings.set',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'timezone', description: 'cmd.settings.set.timezone', max_length: 64 },
      { type: ApplicationCommandOptionType.Role, name: 'admin_role', description: 'cmd.settings.set.admin_role' },
      { type: ApplicationCommandOptionType.String, name: 'locale', description: 'cmd.settings.set.locale', choices: GUILD_LOCALES.map((l) => ({ name: l, value: l })) },
      { type: ApplicationCommandOptionType.String, name: 'link_mode', description: 'cmd.settings.set.link_mode', choices: LINK_MODES.map((m) => ({ name: m, value: m })) },
      { type: ApplicationCommandOptionType.Channel, name: 'admin_channel', description: 'cmd.settings.set.admin_channel', channel_types: [ChannelType.GuildText] },
    ],
  },
  async run(ctx, { timezone, admin_role: role, locale, link_mode: linkMode, admin_channel: adminChannel }) {
    const { interaction, services } = ctx;
    const guildId = interaction.guildId;
    const patch: GuildSettingsPatch = {};
    if (timezone !== null) {
      if (!isTimeZone(timezone)) throw new UserError(msg('admin.settings.badTimezone', { timezone }));
      patch.timezone = timezone;
    }
    if (role) {
      if (!mayChangeAdminRole(interaction, services.config.OWNER_IDS)) {
        throw new UserError(msg('admin.settings.adminRoleNeedsManageServer'), 'permission');
      }
      if (role.id === guildId) throw new UserError(msg('admin.settings.everyoneRole'));
      patch.adminRoleId = role.id;
    }
    if (locale !== null) patch.locale = locale;
    if (linkMode !== null) patch.linkMode = linkMode === 'open' ? 'open' : 'approval';
    if (adminChannel) patch.adminChannelId = adminChannel.id;
    if (!Object.keys(patch).length) throw new UserError(msg('admin.settings.nothingToChange'));
    const updated = await services.guildConfigs.update(guildId, patch);
    await services.audit.recordBy(interaction, 'settings', 'settings.set', null, { timezone: patch.timezone, adminRoleId: patch.adminRoleId, locale: patch.locale, linkMode: patch.linkMode, adminChannelId: patch.adminChannelId });
    await ctx.respond({ embeds: [await settingsEmbed(ctx, updated, ctx.t.t('admin.settings.saved'))] });
  },
});

export default defineCommand({
  name: 'settings',
  description: 'cmd.settings',
  access: 'admin',
  ephemeral: true,
  subcommands: [view, set],
});

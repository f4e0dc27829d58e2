import { EmbedBuilder, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { UserError } from '../errors.js';
import { ADMIN_DEFAULT_PERMISSIONS } from '../framework/permissions.js';
import { defineCommand } from '../framework/types.js';
import type { GuildConfig } from '../db/schemas.js';
import type { GuildSettingsPatch } from '../repos/guildConfigRepo.js';

/** Locales Discord itself offers; a guild's locale decides date and number formatting in bot posts. */
const LOCALES = ['en-US', 'en-GB', 'de', 'fr', 'es-ES', 'pt-BR', 'ru', 'pl', 'uk', 'it', 'nl', 'tr', 'cs', 'sv-SE', 'fi', 'ja', 'zh-CN', 'ko'];

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function settingsEmbed(config: GuildConfig, title: string): EmbedBuilder {
  const localTime = new Date().toLocaleString(config.locale, { timeZone: config.timezone, dateStyle: 'medium', timeStyle: 'short' });
  return new EmbedBuilder()
    .setTitle(title)
    .setColor(0x5865f2)
    .addFields(
      { name: 'Timezone', value: `${config.timezone} (now ${localTime})`, inline: true },
      { name: 'Locale', value: config.locale, inline: true },
      { name: 'Admin role', value: config.adminRoleId ? `<@&${config.adminRoleId}>` : 'none (Manage Server only)', inline: true },
    );
}

export default defineCommand({
  name: 'settings',
  access: 'admin',
  ephemeral: true,
  definition: new SlashCommandBuilder()
    .setName('settings')
    .setDescription('This server’s bot settings')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(ADMIN_DEFAULT_PERMISSIONS)
    .addSubcommand((s) => s.setName('view').setDescription('Show the current settings'))
    .addSubcommand((s) =>
      s
        .setName('set')
        .setDescription('Change settings (only the options you give)')
        .addStringOption((o) => o.setName('timezone').setDescription('IANA timezone, e.g. Europe/Berlin').setMaxLength(64))
        .addRoleOption((o) => o.setName('admin_role').setDescription('Members with this role may use admin commands'))
        .addStringOption((o) =>
          o
            .setName('locale')
            .setDescription('Language and formats of bot posts')
            .addChoices(...LOCALES.map((l) => ({ name: l, value: l }))),
        ),
    )
    .toJSON(),
  async execute({ interaction, services, respond }) {
    const guildId = interaction.guildId!;
    if (interaction.options.getSubcommand() === 'view') {
      await respond({ embeds: [settingsEmbed(await services.guildConfigs.get(guildId), 'Settings')] });
      return;
    }
    const patch: GuildSettingsPatch = {};
    const timezone = interaction.options.getString('timezone');
    if (timezone !== null) {
      if (!isTimeZone(timezone)) throw new UserError(`“${timezone}” is not a timezone I know. Use an IANA name such as \`Europe/Berlin\` or \`UTC\`.`);
      patch.timezone = timezone;
    }
    const role = interaction.options.getRole('admin_role');
    if (role) {
      if (role.id === guildId) throw new UserError('@everyone cannot be the admin role.');
      patch.adminRoleId = role.id;
    }
    const locale = interaction.options.getString('locale');
    if (locale !== null) patch.locale = locale;
    if (!Object.keys(patch).length) throw new UserError('Give at least one option to change: `timezone`, `admin_role` or `locale`.');
    const updated = await services.guildConfigs.update(guildId, patch);
    await respond({ embeds: [settingsEmbed(updated, 'Settings saved')] });
  },
});

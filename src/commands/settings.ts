import { ApplicationCommandOptionType, EmbedBuilder } from 'discord.js';
import { UserError } from '../errors.js';
import { guildFormat } from '../format/guildFormat.js';
import { defineCommand, defineSubcommand } from '../framework/define.js';
import { mayChangeAdminRole } from '../framework/permissions.js';
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
  // Text, not a Discord timestamp: it shows what the guild's timezone and locale make of "now".
  const localTime = guildFormat(config).dateTime(new Date());
  return new EmbedBuilder()
    .setTitle(title)
    .setColor(0x5865f2)
    .addFields(
      { name: 'Timezone', value: `${config.timezone} (now ${localTime})`, inline: true },
      { name: 'Locale', value: config.locale, inline: true },
      { name: 'Admin role', value: config.adminRoleId ? `<@&${config.adminRoleId}>` : 'none (Manage Server only)', inline: true },
    );
}

const view = defineSubcommand({
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'view', description: 'Show the current settings' },
  async run({ interaction, services, respond }) {
    await respond({ embeds: [settingsEmbed(await services.guildConfigs.get(interaction.guildId), 'Settings')] });
  },
});

const set = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'set',
    description: 'Change settings (only the options you give)',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'timezone', description: 'IANA timezone, e.g. Europe/Berlin', max_length: 64 },
      { type: ApplicationCommandOptionType.Role, name: 'admin_role', description: 'Members with this role may use admin commands' },
      { type: ApplicationCommandOptionType.String, name: 'locale', description: 'Language and formats of bot posts', choices: LOCALES.map((l) => ({ name: l, value: l })) },
    ],
  },
  async run({ interaction, services, respond }, { timezone, admin_role: role, locale }) {
    const guildId = interaction.guildId;
    const patch: GuildSettingsPatch = {};
    if (timezone !== null) {
      if (!isTimeZone(timezone)) throw new UserError(`“${timezone}” is not a timezone I know. Use an IANA name such as \`Europe/Berlin\` or \`UTC\`.`);
      patch.timezone = timezone;
    }
    if (role) {
      if (!mayChangeAdminRole(interaction, services.config.OWNER_IDS)) {
        throw new UserError('Only members with **Manage Server** can change the admin role.', 'permission');
      }
      if (role.id === guildId) throw new UserError('@everyone cannot be the admin role.');
      patch.adminRoleId = role.id;
    }
    if (locale !== null) patch.locale = locale;
    if (!Object.keys(patch).length) throw new UserError('Give at least one option to change: `timezone`, `admin_role` or `locale`.');
    const updated = await services.guildConfigs.update(guildId, patch);
    await respond({ embeds: [settingsEmbed(updated, 'Settings saved')] });
  },
});

export default defineCommand({
  name: 'settings',
  description: 'This server’s bot settings',
  access: 'admin',
  ephemeral: true,
  subcommands: [view, set],
});

import { ActionRowBuilder, ApplicationCommandOptionType, ButtonBuilder, ButtonStyle, EmbedBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, type LocalizationMap } from 'discord.js';
import { clampEmbed, shownName } from '../discord/limits.js';
import { encodeCustomId } from '../framework/customId.js';
import { defineCommand } from '../framework/define.js';
import type { GuildInteraction } from '../framework/guild.js';
import { hasAccess } from '../framework/permissions.js';
import type { CommandModule } from '../framework/types.js';
import { DISCORD_LOCALE_OF } from '../i18n/locales.js';
import type { Translator } from '../i18n/translate.js';
import type { AppServices } from '../services/container.js';

interface HelpLine {
  usage: string;
  description: string;
  sub?: string;
}

const SEARCH_FIELD = 'query';

interface Described {
  description: string;
  description_localizations?: LocalizationMap | null;
}

/** A declared description in the reader's language: Discord's localization of it, else the English. */
function describedIn(item: Described, locale: string | undefined): string {
  return (locale && item.description_localizations?.[locale as keyof LocalizationMap]) || item.description;
}

/** Each command and subcommand of a module, with the key its per-subcommand policy is stored under. */
function helpLines(module: CommandModule, locale: string | undefined): HelpLine[] {
  const subs = (module.definition.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const groups = (module.definition.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.SubcommandGroup);
  if (!subs.length && !groups.length) return [{ usage: `/${module.name}`, description: describedIn(module.definition, locale) }];
  const lines: HelpLine[] = subs.map((s) => ({ usage: `/${module.name} ${s.name}`, description: describedIn(s, locale), sub: s.name }));
  for (const g of groups) {
    for (const s of 'options' in g ? (g.options ?? []) : []) {
      lines.push({ usage: `/${module.name} ${g.name} ${s.name}`, description: describedIn(s, locale), sub: `${g.name} ${s.name}` });
    }
  }
  return lines;
}

/** The commands this member may use here, as `usage — description` lines in the member's language. */
async function visibleLines(
  interaction: GuildInteraction,
  services: AppServices,
  commands: ReadonlyMap<string, CommandModule>,
  t: Translator,
): Promise<string[]> {
  const config = await services.guildConfigs.get(interaction.guildId);
  const owners = services.config.OWNER_IDS;
  const locale = t.language === 'en' ? undefined : DISCORD_LOCALE_OF[t.language];
  const lines: string[] = [];
  for (const module of [...commands.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const line of helpLines(module, locale)) {
      const access = (line.sub ? module.subcommands?.[line.sub]?.access : undefined) ?? module.access ?? 'everyone';
      if (hasAccess(access, interaction, config, owners)) lines.push(`\`${line.usage}\` — ${line.description}`);
    }
  }
  return lines;
}

function helpEmbed(t: Translator, title: string, lines: string[], empty: string): EmbedBuilder {
  return new EmbedBuilder(
    clampEmbed({
      title,
      description: lines.join('\n') || empty,
      color: 0x5865f2,
      footer: { text: t.t('admin.help.footer') },
    }),
  );
}

export default defineCommand({
  name: 'help',
  description: 'cmd.help',
  ephemeral: true,
  async run({ interaction, services, respond, commands, t }) {
    const lines = await visibleLines(interaction, services, commands, t);
    const search = new ButtonBuilder()
      .setCustomId(encodeCustomId('help', 'search'))
      .setLabel(t.t('admin.help.searchButton'))
      .setEmoji('🔎')
      .setStyle(ButtonStyle.Secondary);
    await respond({
      embeds: [helpEmbed(t, t.t('admin.help.title'), lines, t.t('admin.help.none'))],
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(search)],
    });
  },
  buttons: {
    search: {
      async run({ t, showModal }) {
        const input = new TextInputBuilder()
          .setCustomId(SEARCH_FIELD)
          .setLabel(t.t('admin.help.searchLabel'))
          .setPlaceholder(t.t('admin.help.searchPlaceholder'))
          .setStyle(TextInputStyle.Short)
          .setMinLength(1)
          .setMaxLength(50)
          .setRequired(true);
        await showModal(
          new ModalBuilder()
            .setCustomId(encodeCustomId('help', 'search'))
            .setTitle(t.t('admin.help.searchTitle'))
            .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input)),
        );
      },
    },
  },
  modals: {
    search: {
      async run({ interaction, services, respond, commands, t }) {
        const query = interaction.fields.getTextInputValue(SEARCH_FIELD).trim().toLowerCase();
        const matches = (await visibleLines(interaction, services, commands, t)).filter((line) => line.toLowerCase().includes(query));
        // What the member typed is shown back: escaped, so it cannot format or mention.
        const shown = shownName(query, 50);
        await respond({
          embeds: [helpEmbed(t, t.t('admin.help.matchesTitle', { query: shown }), matches, t.t('admin.help.noMatches', { query: shown }))],
        });
      },
    },
  },
});

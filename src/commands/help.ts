import { ActionRowBuilder, ApplicationCommandOptionType, ButtonBuilder, ButtonStyle, EmbedBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import { clampEmbed, shownName } from '../discord/limits.js';
import { encodeCustomId } from '../framework/customId.js';
import { defineCommand } from '../framework/define.js';
import type { GuildInteraction } from '../framework/guild.js';
import { hasAccess } from '../framework/permissions.js';
import type { CommandModule } from '../framework/types.js';
import type { AppServices } from '../services/container.js';

interface HelpLine {
  usage: string;
  description: string;
  sub?: string;
}

const SEARCH_FIELD = 'query';

/** Each command and subcommand of a module, with the key its per-subcommand policy is stored under. */
function helpLines(module: CommandModule): HelpLine[] {
  const subs = (module.definition.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const groups = (module.definition.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.SubcommandGroup);
  if (!subs.length && !groups.length) return [{ usage: `/${module.name}`, description: module.definition.description }];
  const lines: HelpLine[] = subs.map((s) => ({ usage: `/${module.name} ${s.name}`, description: s.description, sub: s.name }));
  for (const g of groups) {
    for (const s of 'options' in g ? (g.options ?? []) : []) {
      lines.push({ usage: `/${module.name} ${g.name} ${s.name}`, description: s.description, sub: `${g.name} ${s.name}` });
    }
  }
  return lines;
}

/** The commands this member may use here, as `usage — description` lines. */
async function visibleLines(interaction: GuildInteraction, services: AppServices, commands: ReadonlyMap<string, CommandModule>): Promise<string[]> {
  const config = await services.guildConfigs.get(interaction.guildId);
  const owners = services.config.OWNER_IDS;
  const lines: string[] = [];
  for (const module of [...commands.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const line of helpLines(module)) {
      const access = (line.sub ? module.subcommands?.[line.sub]?.access : undefined) ?? module.access ?? 'everyone';
      if (hasAccess(access, interaction, config, owners)) lines.push(`\`${line.usage}\` — ${line.description}`);
    }
  }
  return lines;
}

function helpEmbed(title: string, lines: string[], empty: string): EmbedBuilder {
  return new EmbedBuilder(
    clampEmbed({
      title,
      description: lines.join('\n') || empty,
      color: 0x5865f2,
      footer: { text: 'Only the commands you are allowed to use are listed.' },
    }),
  );
}

export default defineCommand({
  name: 'help',
  description: 'The commands you can use here',
  ephemeral: true,
  async run({ interaction, services, respond, commands }) {
    const lines = await visibleLines(interaction, services, commands);
    const search = new ButtonBuilder()
      .setCustomId(encodeCustomId('help', 'search'))
      .setLabel('Search commands')
      .setEmoji('🔎')
      .setStyle(ButtonStyle.Secondary);
    await respond({
      embeds: [helpEmbed('Tower of Temptation — commands', lines, 'No commands are available to you here.')],
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(search)],
    });
  },
  buttons: {
    search: {
      async run({ interaction }) {
        const input = new TextInputBuilder()
          .setCustomId(SEARCH_FIELD)
          .setLabel('Word to look for')
          .setPlaceholder('e.g. canvas, stats, server')
          .setStyle(TextInputStyle.Short)
          .setMinLength(1)
          .setMaxLength(50)
          .setRequired(true);
        await interaction.showModal(
          new ModalBuilder()
            .setCustomId(encodeCustomId('help', 'search'))
            .setTitle('Search commands')
            .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input)),
        );
      },
    },
  },
  modals: {
    search: {
      async run({ interaction, services, respond, commands }) {
        const query = interaction.fields.getTextInputValue(SEARCH_FIELD).trim().toLowerCase();
        const matches = (await visibleLines(interaction, services, commands)).filter((line) => line.toLowerCase().includes(query));
        // What the member typed is shown back: escaped, so it cannot format or mention.
        const shown = shownName(query, 50);
        await respond({
          embeds: [helpEmbed(`Commands matching “${shown}”`, matches, `No command you can use matches “${shown}”.`)],
        });
      },
    },
  },
});

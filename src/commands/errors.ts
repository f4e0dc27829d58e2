import { EmbedBuilder, InteractionContextType, SlashCommandBuilder, escapeMarkdown } from 'discord.js';
import { ERROR_CATEGORIES, UserError, type ErrorCategory } from '../errors.js';
import { ADMIN_DEFAULT_PERMISSIONS } from '../framework/permissions.js';
import { defineCommand } from '../framework/types.js';

const DAY_MS = 86_400_000;
const rel = (d: Date) => `<t:${Math.floor(d.getTime() / 1000)}:R>`;

/** A short excerpt in a code block (backticks inside cannot close it). */
function code(text: string, max: number): string {
  const clipped = text.length > max ? `${text.slice(0, max)}…` : text;
  return `\`\`\`\n${clipped.replace(/```/g, "'''")}\n\`\`\``;
}

/**
 * Admins look up the failures of their own server by the id members were shown; the bot's operators
 * (OWNER_IDS) see every server's, with stack excerpts.
 */
export default defineCommand({
  name: 'errors',
  access: 'admin',
  ephemeral: true,
  definition: new SlashCommandBuilder()
    .setName('errors')
    .setDescription('Errors members of this server ran into')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(ADMIN_DEFAULT_PERMISSIONS)
    .addSubcommand((s) =>
      s
        .setName('recent')
        .setDescription('Recent errors, grouped by cause')
        .addIntegerOption((o) => o.setName('days').setDescription('How far back (default 7)').setMinValue(1).setMaxValue(90)),
    )
    .addSubcommand((s) =>
      s
        .setName('show')
        .setDescription('One error by the id a member was shown (e.g. E-7K2Q)')
        .addStringOption((o) => o.setName('id').setDescription('Error id').setRequired(true).setMinLength(6).setMaxLength(12)),
    )
    .toJSON(),
  async execute({ interaction, services, respond }) {
    const owner = services.config.OWNER_IDS.includes(interaction.user.id);
    const scope = owner ? null : interaction.guildId!;
    if (interaction.options.getSubcommand() === 'recent') {
      const days = interaction.options.getInteger('days') ?? 7;
      const groups = await services.telemetry.recent(scope, new Date(Date.now() - days * DAY_MS));
      const lines = groups.map(
        (g) => `**${g.count}×** \`/${g.command ?? '?'}\` — ${escapeMarkdown(g.message.slice(0, 120)) || g.name} · last ${rel(g.lastAt)} as \`${g.lastId}\``,
      );
      await respond({
        embeds: [
          new EmbedBuilder()
            .setColor(0xe67e22)
            .setTitle(`Errors of the last ${days} day${days === 1 ? '' : 's'}${owner ? ' — all servers' : ''}`)
            .setDescription(lines.join('\n').slice(0, 4096) || 'No errors. 🎉')
            .setFooter({ text: 'Grouped by cause; `/errors show id:` gives the details of one.' }),
        ],
      });
      return;
    }
    const id = interaction.options.getString('id', true).trim().toUpperCase();
    const record = await services.telemetry.find(id);
    // Another server's error reads exactly like a missing one: ids are not a way to probe other guilds.
    if (!record || (scope !== null && record.guildId !== scope)) throw new UserError(`No error \`${id}\` was recorded in this server.`, 'not_found');
    const same = await services.telemetry.occurrences(record.fingerprint, scope);
    const embed = new EmbedBuilder()
      .setColor(0xe67e22)
      .setTitle(`Error ${record._id}`)
      .addFields(
        { name: 'When', value: `<t:${Math.floor(record.at.getTime() / 1000)}:f> (${rel(record.at)})`, inline: true },
        { name: 'Command', value: `\`/${record.command ?? '?'}\``, inline: true },
        { name: 'Member', value: record.userId ? `<@${record.userId}>` : 'unknown', inline: true },
        { name: 'Kind', value: ERROR_CATEGORIES[record.category as ErrorCategory] ?? record.category, inline: true },
        { name: 'Seen', value: `${same}× (cause \`${record.fingerprint}\`)`, inline: true },
        { name: 'What failed', value: code(`${record.name}: ${record.message}`, 900) },
      );
    if (owner && record.stack) embed.addFields({ name: 'Where (operators only)', value: code(record.stack.split('\n').slice(1, 7).join('\n'), 900) });
    if (owner) embed.setFooter({ text: `Server ${record.guildId ?? 'none'}` });
    await respond({ embeds: [embed], allowedMentions: { parse: [] } });
  },
});

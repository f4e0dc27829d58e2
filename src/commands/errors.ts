import { ApplicationCommandOptionType, EmbedBuilder } from 'discord.js';
import { clampEmbed, clip, shownName } from '../discord/limits.js';
import { ERROR_CATEGORIES, UserError, type ErrorCategory } from '../errors.js';
import { defineCommand, defineSubcommand } from '../framework/define.js';
import type { CommandContext } from '../framework/types.js';

const DAY_MS = 86_400_000;
const rel = (d: Date) => `<t:${Math.floor(d.getTime() / 1000)}:R>`;

/** A short excerpt in a code block (backticks inside cannot close it), cut by code point. */
function code(text: string, max: number): string {
  return `\`\`\`\n${clip(text, max).replace(/```/g, "'''")}\n\`\`\``;
}

/** Operators (OWNER_IDS) see every server's errors: no guild scope. */
function scopeOf({ interaction, services }: CommandContext): { owner: boolean; scope: string | null } {
  const owner = services.config.OWNER_IDS.includes(interaction.user.id);
  return { owner, scope: owner ? null : interaction.guildId };
}

const recent = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'recent',
    description: 'Recent errors, grouped by cause',
    options: [{ type: ApplicationCommandOptionType.Integer, name: 'days', description: 'How far back (default 7)', min_value: 1, max_value: 90 }],
  },
  async run(ctx, options) {
    const { interaction, services, respond } = ctx;
    const { owner, scope } = scopeOf(ctx);
    const days = options.days ?? 7;
    const [groups, f] = await Promise.all([
      services.telemetry.recent(scope, new Date(Date.now() - days * DAY_MS)),
      services.guildConfigs.format(interaction.guildId),
    ]);
    // Error messages can quote a game server or a member (file names, typed values): escaped and cut.
    const lines = groups.map(
      (g) => `**${f.number(g.count)}×** \`/${g.command ?? '?'}\` — ${shownName(g.message, 120) || g.name} · last ${rel(g.lastAt)} as \`${g.lastId}\``,
    );
    const embed = clampEmbed({
      color: 0xe67e22,
      title: `Errors of the last ${f.number(days)} day${days === 1 ? '' : 's'}${owner ? ' — all servers' : ''}`,
      description: lines.join('\n') || 'No errors. 🎉',
      footer: { text: 'Grouped by cause; `/errors show id:` gives the details of one.' },
    });
    await respond({ embeds: [new EmbedBuilder(embed)] });
  },
});

const show = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'show',
    description: 'One error by the id a member was shown (e.g. E-7K2Q)',
    options: [{ type: ApplicationCommandOptionType.String, name: 'id', description: 'Error id', required: true, min_length: 6, max_length: 12 }],
  },
  async run(ctx, options) {
    const { interaction, services, respond } = ctx;
    const { owner, scope } = scopeOf(ctx);
    const id = options.id.trim().toUpperCase();
    const record = await services.telemetry.find(id);
    // Another server's error reads exactly like a missing one: ids are not a way to probe other guilds.
    if (!record || (scope !== null && record.guildId !== scope)) throw new UserError(`No error \`${id}\` was recorded in this server.`, 'not_found');
    const [same, f] = await Promise.all([services.telemetry.occurrences(record.fingerprint, scope), services.guildConfigs.format(interaction.guildId)]);
    const embed = new EmbedBuilder()
      .setColor(0xe67e22)
      .setTitle(`Error ${record._id}`)
      .addFields(
        { name: 'When', value: `<t:${Math.floor(record.at.getTime() / 1000)}:f> (${rel(record.at)})`, inline: true },
        { name: 'Command', value: `\`/${record.command ?? '?'}\``, inline: true },
        { name: 'Member', value: record.userId ? `<@${record.userId}>` : 'unknown', inline: true },
        { name: 'Kind', value: ERROR_CATEGORIES[record.category as ErrorCategory] ?? record.category, inline: true },
        { name: 'Seen', value: `${f.number(same)}× (cause \`${record.fingerprint}\`)`, inline: true },
        { name: 'What failed', value: code(`${record.name}: ${record.message}`, 900) },
      );
    if (owner && record.stack) embed.addFields({ name: 'Where (operators only)', value: code(record.stack.split('\n').slice(1, 7).join('\n'), 900) });
    if (owner) embed.setFooter({ text: `Server ${record.guildId ?? 'none'}` });
    await respond({ embeds: [new EmbedBuilder(clampEmbed(embed.toJSON()))], allowedMentions: { parse: [] } });
  },
});

/**
 * Admins look up the failures of their own server by the id members were shown; the bot's operators
 * (OWNER_IDS) see every server's, with stack excerpts.
 */
export default defineCommand({
  name: 'errors',
  description: 'Errors members of this server ran into',
  access: 'admin',
  ephemeral: true,
  subcommands: [recent, show],
});

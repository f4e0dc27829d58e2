import { ApplicationCommandOptionType, EmbedBuilder } from 'discord.js';
import { clampEmbed, clip, shownName } from '../discord/limits.js';
import { isErrorCategory, UserError } from '../errors.js';
import { defineCommand, defineSubcommand } from '../framework/define.js';
import type { CommandContext } from '../framework/types.js';
import { msg } from '../i18n/message.js';

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
    description: 'cmd.errors.recent',
    options: [{ type: ApplicationCommandOptionType.Integer, name: 'days', description: 'cmd.errors.recent.days', min_value: 1, max_value: 90 }],
  },
  async run(ctx, options) {
    const { services, respond, t } = ctx;
    const { owner, scope } = scopeOf(ctx);
    const days = options.days ?? 7;
    const groups = await services.telemetry.recent(scope, new Date(Date.now() - days * DAY_MS));
    // Error messages can quote a game server or a member (file names, typed values): escaped and cut.
    const lines = groups.map((g) =>
      t.t('admin.errors.recent.line', { times: g.count, command: g.command ?? '?', message: shownName(g.message, 120) || g.name, when: rel(g.lastAt), id: g.lastId }),
    );
    const embed = clampEmbed({
      color: 0xe67e22,
      title: t.t(owner ? 'admin.errors.recent.titleAllServers' : 'admin.errors.recent.title', { count: days }),
      description: lines.join('\n') || t.t('admin.errors.recent.none'),
      footer: { text: t.t('admin.errors.recent.footer') },
    });
    await respond({ embeds: [new EmbedBuilder(embed)] });
  },
});

const show = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'show',
    description: 'cmd.errors.show',
    options: [{ type: ApplicationCommandOptionType.String, name: 'id', description: 'cmd.errors.show.id', required: true, min_length: 6, max_length: 12 }],
  },
  async run(ctx, options) {
    const { services, respond, t } = ctx;
    const { owner, scope } = scopeOf(ctx);
    const id = options.id.trim().toUpperCase();
    const record = await services.telemetry.find(id);
    // Another server's error reads exactly like a missing one: ids are not a way to probe other guilds.
    if (!record || (scope !== null && record.guildId !== scope)) throw new UserError(msg('admin.errors.show.notFound', { id }), 'not_found');
    const same = await services.telemetry.occurrences(record.fingerprint, scope);
    const embed = new EmbedBuilder()
      .setColor(0xe67e22)
      .setTitle(t.t('admin.errors.show.title', { id: record._id }))
      .addFields(
        { name: t.t('admin.errors.show.when'), value: `<t:${Math.floor(record.at.getTime() / 1000)}:f> (${rel(record.at)})`, inline: true },
        { name: t.t('admin.errors.show.command'), value: `\`/${record.command ?? '?'}\``, inline: true },
        { name: t.t('admin.errors.show.member'), value: record.userId ? `<@${record.userId}>` : t.t('admin.errors.show.unknownMember'), inline: true },
        { name: t.t('admin.errors.show.kind'), value: isErrorCategory(record.category) ? t.t(`error.category.${record.category}`) : record.category, inline: true },
        { name: t.t('admin.errors.show.seen'), value: t.t('admin.errors.show.seenValue', { times: same, cause: record.fingerprint }), inline: true },
        { name: t.t('admin.errors.show.whatFailed'), value: code(`${record.name}: ${record.message}`, 900) },
      );
    if (owner && record.stack) embed.addFields({ name: t.t('admin.errors.show.where'), value: code(record.stack.split('\n').slice(1, 7).join('\n'), 900) });
    if (owner) embed.setFooter({ text: t.t('admin.errors.show.server', { id: record.guildId ?? msg('admin.errors.show.noServer') }) });
    await respond({ embeds: [new EmbedBuilder(clampEmbed(embed.toJSON()))] });
  },
});

/**
 * Admins look up the failures of their own server by the id members were shown; the bot's operators
 * (OWNER_IDS) see every server's, with stack excerpts.
 */
export default defineCommand({
  name: 'errors',
  description: 'cmd.errors',
  access: 'admin',
  ephemeral: true,
  subcommands: [recent, show],
});

/** `/board list`: this guild's boards, where they are, when they were updated, and why one stopped. */
import { ApplicationCommandOptionType as T, EmbedBuilder } from 'discord.js';
import { clampEmbed } from '../../discord/limits.js';
import { defineSubcommand } from '../../framework/define.js';
import { TIERS, tierName } from '../../premium/tiers.js';
import { boardState, boardWords } from './shared.js';

export const list = defineSubcommand({
  definition: { type: T.Subcommand, name: 'list', description: 'cmd.board.list' },
  async run({ interaction, services, respond, t }) {
    const guildId = interaction.guildId;
    const [boards, tier, servers] = await Promise.all([services.boards.list(guildId), services.guildConfigs.tier(guildId), services.gameServers.list(guildId)]);
    const names = new Map(servers.map((s) => [s._id, s.name]));
    const limits = TIERS[tier];
    const lines = boards.map((b, i) => `**${t.format.number(i + 1)}.** ${boardWords(b, t, names)} — <#${b.channelId}> · \`${b._id}\`${b.image ? ' · 🖼️' : ''}\n${boardState(b, t)}`);
    const embed = new EmbedBuilder(
      clampEmbed({
        color: 0xc0392b,
        title: t.t('boards.list.title', { count: boards.length, limit: limits.boards }),
        description: lines.join('\n\n') || t.t('boards.list.none'),
        footer: { text: t.t('boards.list.footer', { tier: tierName(tier), minutes: limits.boardIntervalMinutes }) },
      }),
    );
    await respond({ embeds: [embed] });
  },
});

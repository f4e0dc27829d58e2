/** `/links list [member]`: a member's links and pending claims, or the guild's links (LIST_MAX of them). */
import { ApplicationCommandOptionType, EmbedBuilder } from 'discord.js';
import { shownName } from '../../discord/limits.js';
import { defineSubcommand } from '../../framework/define.js';
import { LINKS_MAX } from '../../stats/links.js';
import { unix } from './shared.js';

/** Links one listing shows at most (the guild's, by member): one indexed read of this size. */
export const LINKS_LIST_MAX = 25;

export const list = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'list',
    description: 'cmd.links.list',
    options: [{ type: ApplicationCommandOptionType.User, name: 'member', description: 'cmd.links.list.member' }],
  },
  async run({ interaction, services, respond, t }, { member }) {
    const guildId = interaction.guildId;
    const when = (d: Date) => `<t:${unix(d)}:R>`;
    const embed = new EmbedBuilder().setColor(0x5865f2);
    if (member) {
      const [held, claims] = await Promise.all([services.links.ofMember(guildId, member.id), services.links.claims.ofMember(guildId, member.id, LINKS_MAX)]);
      const lines = [
        ...held.map((l) => t.t('links.list.line', { userId: member.id, name: shownName(l.playerName), when: when(l.linkedAt) })),
        ...claims.map((c) => t.t('links.list.pending', { name: shownName(c.playerName), when: when(c.claimedAt) })),
      ];
      await respond({ embeds: [embed.setTitle(t.t('links.list.memberTitle', { member: shownName(member.username) })).setDescription(lines.join('\n') || t.t('links.list.none'))] });
      return;
    }
    const { links, total } = await services.links.ofGuild(guildId, LINKS_LIST_MAX);
    const lines = links.map((l) => t.t('links.list.line', { userId: l.userId, name: shownName(l.playerName), when: when(l.linkedAt) }));
    if (total > links.length) lines.push(t.t('links.list.more', { shown: links.length, total }));
    await respond({ embeds: [embed.setTitle(t.t('links.list.title')).setDescription(lines.join('\n') || t.t('links.list.none'))] });
  },
});

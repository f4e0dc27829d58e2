import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../../framework/define.js';
import { ADMIN, MEMBER_OPTION } from '../shared.js';

export const ban = defineSubcommand({
  ...ADMIN,
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'ban',
    description: 'cmd.canvas.admin.ban',
    options: [MEMBER_OPTION, { type: ApplicationCommandOptionType.String, name: 'reason', description: 'cmd.canvas.admin.ban.reason', max_length: 200 }],
  },
  async run(ctx, { user, reason }) {
    const added = await ctx.services.canvas.ban(ctx.interaction.guildId, user.id, ctx.interaction.user.id, reason);
    if (added) await ctx.services.audit.recordBy(ctx.interaction, 'canvas', 'canvas.ban', `<@${user.id}>`, { reason });
    await ctx.respond({ content: ctx.t.t(added ? 'canvas.ban.done' : 'canvas.ban.already', { user: user.id }) });
  },
});

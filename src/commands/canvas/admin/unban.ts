import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../../framework/define.js';
import { ADMIN, MEMBER_OPTION } from '../shared.js';

export const unban = defineSubcommand({
  ...ADMIN,
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'unban', description: 'cmd.canvas.admin.unban', options: [MEMBER_OPTION] },
  async run(ctx, { user }) {
    const removed = await ctx.services.canvas.unban(ctx.interaction.guildId, user.id);
    if (removed) await ctx.services.audit.recordBy(ctx.interaction, 'canvas', 'canvas.unban', `<@${user.id}>`);
    await ctx.respond({ content: ctx.t.t(removed ? 'canvas.unban.done' : 'canvas.unban.notBanned', { user: user.id }) });
  },
});

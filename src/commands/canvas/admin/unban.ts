import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../../framework/define.js';
import { ADMIN, MEMBER_OPTION } from '../shared.js';

export const unban = defineSubcommand({
  ...ADMIN,
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'unban', description: 'Let a member place pixels again', options: [MEMBER_OPTION] },
  async run(ctx, { user }) {
    const removed = await ctx.services.canvas.unban(ctx.interaction.guildId, user.id);
    await ctx.respond({ content: removed ? `✅ <@${user.id}> may place pixels again.` : `<@${user.id}> was not banned from the canvas.`, allowedMentions: { parse: [] } });
  },
});

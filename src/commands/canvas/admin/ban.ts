import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../../framework/define.js';
import { ADMIN, MEMBER_OPTION } from '../shared.js';

export const ban = defineSubcommand({
  ...ADMIN,
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'ban',
    description: 'Stop a member from placing pixels',
    options: [MEMBER_OPTION, { type: ApplicationCommandOptionType.String, name: 'reason', description: 'Why (shown to moderators)', max_length: 200 }],
  },
  async run(ctx, { user, reason }) {
    const added = await ctx.services.canvas.ban(ctx.interaction.guildId, user.id, ctx.interaction.user.id, reason);
    await ctx.respond({ content: added ? `🚫 <@${user.id}> can no longer place pixels.` : `<@${user.id}> was already banned from the canvas.`, allowedMentions: { parse: [] } });
  },
});

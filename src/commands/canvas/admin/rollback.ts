import { ApplicationCommandOptionType } from 'discord.js';
import { MAX_ROLLBACK_MINUTES } from '../../../canvas/service.js';
import { defineSubcommand } from '../../../framework/define.js';
import { ADMIN, MEMBER_OPTION } from '../shared.js';

export const rollback = defineSubcommand({
  ...ADMIN,
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'rollback',
    description: "Undo a member's pixels of the last minutes, restoring what was under them",
    options: [
      MEMBER_OPTION,
      { type: ApplicationCommandOptionType.Integer, name: 'minutes', description: 'How far back', required: true, min_value: 1, max_value: MAX_ROLLBACK_MINUTES },
    ],
  },
  async run(ctx, { user, minutes }) {
    const r = await ctx.services.canvas.rollback(ctx.interaction.guildId, user.id, minutes);
    await ctx.respond({
      content: r.placements
        ? `⏪ Rolled back ${r.placements} placement${r.placements === 1 ? '' : 's'} by <@${user.id}> from the last ${minutes} min: ${r.pixels} pixel${r.pixels === 1 ? '' : 's'} restored.`
        : `<@${user.id}> placed nothing in the last ${minutes} min.`,
      allowedMentions: { parse: [] },
    });
  },
});

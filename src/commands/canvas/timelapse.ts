import { ApplicationCommandOptionType, AttachmentBuilder } from 'discord.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';

/** `/canvas timelapse`: a public GIF of the canvas since its last reset. */
export const timelapse = defineSubcommand({
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'timelapse', description: 'An animation of the canvas being drawn' },
  async run(ctx) {
    const gif = await ctx.services.canvas.timelapse(ctx.interaction.guildId);
    if (gif.placements === 0) throw new UserError('Nothing has been placed on the canvas since the last reset yet.', 'not_found');
    await ctx.respond({
      content: `🎞️ Canvas timelapse: ${gif.placements} pixel${gif.placements === 1 ? '' : 's'} in ${gif.frames} frames.`,
      files: [new AttachmentBuilder(gif.buffer, { name: 'canvas-timelapse.gif' })],
      ephemeral: false,
    });
  },
});

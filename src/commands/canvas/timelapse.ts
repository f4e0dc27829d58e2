import { ApplicationCommandOptionType, AttachmentBuilder } from 'discord.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';

/**
 * `/canvas timelapse`: a public GIF of the canvas since its last reset (the latest placements when the
 * history is long). The service caches it per canvas version and bounds concurrent builds; the rate
 * limit keeps one member from queueing builds for a busy canvas that changes between their calls.
 */
export const timelapse = defineSubcommand({
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'timelapse', description: 'An animation of the canvas being drawn' },
  rateLimit: { uses: 3, windowMs: 60_000 },
  async run(ctx) {
    const gif = await ctx.services.canvas.timelapse(ctx.interaction.guildId);
    if (gif.placements === 0) throw new UserError('Nothing has been placed on the canvas since the last reset yet.', 'not_found');
    const pixels = `${gif.capped ? 'the latest ' : ''}${gif.placements} pixel${gif.placements === 1 ? '' : 's'}`;
    await ctx.respond({
      content: `🎞️ Canvas timelapse: ${pixels} in ${gif.frames} frames.`,
      files: [new AttachmentBuilder(gif.buffer, { name: 'canvas-timelapse.gif' })],
      ephemeral: false,
    });
  },
});

import { ApplicationCommandOptionType, AttachmentBuilder } from 'discord.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import { msg } from '../../i18n/message.js';

/**
 * `/canvas timelapse`: a public GIF of the canvas since its last reset (the latest placements when the
 * history is long). The service caches it per canvas version and bounds concurrent builds; the rate
 * limit keeps one member from queueing builds for a busy canvas that changes between their calls.
 */
export const timelapse = defineSubcommand({
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'timelapse', description: 'cmd.canvas.timelapse' },
  rateLimit: { uses: 3, windowMs: 60_000 },
  async run(ctx) {
    const gif = await ctx.services.canvas.timelapse(ctx.interaction.guildId);
    if (gif.placements === 0) throw new UserError(msg('canvas.timelapse.empty'), 'not_found');
    // A public post: the guild's words.
    const t = await ctx.guildT();
    const pixels = msg(gif.capped ? 'canvas.timelapse.latestPixels' : 'canvas.timelapse.pixels', { count: gif.placements });
    await ctx.respond({
      content: t.t('canvas.timelapse.posted', { pixels, frames: msg('canvas.timelapse.frames', { count: gif.frames }) }),
      files: [new AttachmentBuilder(gif.buffer, { name: 'canvas-timelapse.gif' })],
      ephemeral: false,
    });
  },
});

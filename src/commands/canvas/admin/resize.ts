import { ApplicationCommandOptionType } from 'discord.js';
import { CANVAS_SIZES } from '../../../canvas/moderation.js';
import { defineSubcommand } from '../../../framework/define.js';
import { ADMIN } from '../shared.js';

export const resize = defineSubcommand({
  ...ADMIN,
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'resize',
    description: 'cmd.canvas.admin.resize',
    options: [
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'size',
        description: 'cmd.canvas.admin.resize.size',
        required: true,
        choices: CANVAS_SIZES.map((v) => ({ name: `${v}×${v}`, value: v })),
      },
    ],
  },
  async run(ctx, { size }) {
    const { board } = await ctx.services.canvas.resize(ctx.interaction.guildId, size);
    await ctx.services.audit.recordBy(ctx.interaction, 'canvas', 'canvas.resize', null, { width: board.width, height: board.height });
    await ctx.respond(ctx.t.t('canvas.resize.done', { width: String(board.width), height: String(board.height) }));
  },
});

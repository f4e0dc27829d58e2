import { ApplicationCommandOptionType } from 'discord.js';
import { CANVAS_SIZES } from '../../../canvas/service.js';
import { defineSubcommand } from '../../../framework/define.js';
import { ADMIN } from '../shared.js';

export const resize = defineSubcommand({
  ...ADMIN,
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'resize',
    description: 'Change the canvas size; pixels inside the new size are kept',
    options: [
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'size',
        description: 'Width and height',
        required: true,
        choices: CANVAS_SIZES.map((v) => ({ name: `${v}×${v}`, value: v })),
      },
    ],
  },
  async run(ctx, { size }) {
    const { board } = await ctx.services.canvas.resize(ctx.interaction.guildId, size);
    await ctx.respond(`📐 The canvas is now ${board.width}×${board.height}; pixels inside it were kept.`);
  },
});

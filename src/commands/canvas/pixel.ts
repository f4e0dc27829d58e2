import { ApplicationCommandOptionType } from 'discord.js';
import { colorLabel, toHex } from '../../canvas/palette.js';
import { defineSubcommand } from '../../framework/define.js';
import { coord, unix } from './shared.js';

/** `/canvas pixel`: a pixel's colour and who placed it, without pinging them. */
export const pixel = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'pixel',
    description: 'Who placed a pixel, and when',
    options: [coord('x', true), coord('y', true)],
  },
  async run(ctx, { x, y }) {
    const info = await ctx.services.canvas.pixel(ctx.interaction.guildId, x, y);
    const what = `**(${x}, ${y})** is **${colorLabel(info.color)}** (${toHex(info.color)})`;
    const who = info.placement
      ? `, placed by <@${info.placement.userId}> <t:${unix(info.placement.at)}:R>.`
      : ': nobody has placed a pixel there since the last reset.';
    await ctx.respond({ content: what + who, ephemeral: true, allowedMentions: { parse: [] } });
  },
});

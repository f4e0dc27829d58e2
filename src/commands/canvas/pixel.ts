import { ApplicationCommandOptionType } from 'discord.js';
import { toHex } from '../../canvas/palette.js';
import { defineSubcommand } from '../../framework/define.js';
import { coord, unix } from './shared.js';
import { colorText } from './words.js';

/** `/canvas pixel`: a pixel's colour and who placed it, without pinging them. */
export const pixel = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'pixel',
    description: 'cmd.canvas.pixel',
    options: [coord('x', true), coord('y', true)],
  },
  async run(ctx, { x, y }) {
    const info = await ctx.services.canvas.pixel(ctx.interaction.guildId, x, y);
    const { t } = ctx;
    const what = { x: String(x), y: String(y), color: colorText(t, info.color), hex: toHex(info.color) };
    const content = info.placement
      ? t.t('canvas.pixel.placed', { ...what, user: info.placement.userId, when: `<t:${unix(info.placement.at)}:R>` })
      : t.t('canvas.pixel.blank', what);
    // No one is pinged: the client's default allowedMentions (src/app.ts).
    await ctx.respond({ content, ephemeral: true });
  },
});

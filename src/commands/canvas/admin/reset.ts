import { ApplicationCommandOptionType } from 'discord.js';
import { boardOf } from '../../../canvas/memberView.js';
import { defineSubcommand } from '../../../framework/define.js';
import type { GuildButton } from '../../../framework/guild.js';
import type { HandlerContext } from '../../../framework/types.js';
import { resetButtons } from '../controls.js';
import { ADMIN } from '../shared.js';

/** `/canvas admin reset` only asks; the confirmation buttons below do (or cancel) the reset. */
export const reset = defineSubcommand({
  ...ADMIN,
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'reset', description: 'cmd.canvas.admin.reset' },
  async run(ctx) {
    const { grid, board } = await boardOf(ctx.services.canvas, ctx.interaction.guildId);
    await ctx.respond({
      content: ctx.t.t('canvas.reset.ask', { width: String(board.width), height: String(board.height), count: grid.countPainted(board.background) }),
      components: [resetButtons(ctx.t)],
    });
  },
});

/** The `reset-yes` button. */
export async function confirmReset(ctx: HandlerContext<GuildButton>): Promise<void> {
  const { board } = await ctx.services.canvas.reset(ctx.interaction.guildId);
  await ctx.services.audit.recordBy(ctx.interaction, 'canvas', 'canvas.reset', null, { width: board.width, height: board.height });
  await ctx.update({ content: ctx.t.t('canvas.reset.done', { width: String(board.width), height: String(board.height) }), components: [] });
}

/** The `reset-no` button. */
export async function cancelReset(ctx: HandlerContext<GuildButton>): Promise<void> {
  await ctx.update({ content: ctx.t.t('canvas.reset.cancelled'), components: [] });
}

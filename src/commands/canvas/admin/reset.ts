import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../../framework/define.js';
import type { GuildButton } from '../../../framework/guild.js';
import type { HandlerContext } from '../../../framework/types.js';
import { resetButtons } from '../controls.js';
import { ADMIN } from '../shared.js';

/** `/canvas admin reset` only asks; the confirmation buttons below do (or cancel) the reset. */
export const reset = defineSubcommand({
  ...ADMIN,
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'reset', description: 'Clear the whole canvas (asks to confirm)' },
  async run(ctx) {
    const { grid, board } = await ctx.services.canvas.snapshot(ctx.interaction.guildId);
    await ctx.respond({
      content: `⚠️ Reset the ${board.width}×${board.height} canvas? All ${grid.countPainted(board.background)} painted pixels are cleared. This cannot be undone.`,
      components: [resetButtons()],
    });
  },
});

/** The `reset-yes` button. */
export async function confirmReset(ctx: HandlerContext<GuildButton>): Promise<void> {
  const { board } = await ctx.services.canvas.reset(ctx.interaction.guildId);
  await ctx.interaction.update({ content: `🧹 The canvas was reset to a blank ${board.width}×${board.height}.`, components: [] });
}

/** The `reset-no` button. */
export async function cancelReset(ctx: HandlerContext<GuildButton>): Promise<void> {
  await ctx.interaction.update({ content: 'Reset cancelled; nothing changed.', components: [] });
}

import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../../framework/define.js';
import { ADMIN } from '../shared.js';

/** `/canvas admin lock` and `unlock`: one flag, two subcommands. */
export const lock = defineSubcommand({
  ...ADMIN,
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'lock', description: 'Stop all placing' },
  async run(ctx) {
    await ctx.services.canvas.setLocked(ctx.interaction.guildId, true);
    await ctx.respond('🔒 The canvas is locked: nobody can place pixels until you unlock it.');
  },
});

export const unlock = defineSubcommand({
  ...ADMIN,
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'unlock', description: 'Allow placing again' },
  async run(ctx) {
    await ctx.services.canvas.setLocked(ctx.interaction.guildId, false);
    await ctx.respond('🔓 The canvas is open again.');
  },
});

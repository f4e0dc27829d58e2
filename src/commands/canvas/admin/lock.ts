import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../../framework/define.js';
import { ADMIN } from '../shared.js';

/** `/canvas admin lock` and `unlock`: one flag, two subcommands. */
export const lock = defineSubcommand({
  ...ADMIN,
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'lock', description: 'cmd.canvas.admin.lock' },
  async run(ctx) {
    await ctx.services.canvas.setLocked(ctx.interaction.guildId, true);
    await ctx.services.audit.recordBy(ctx.interaction, 'canvas', 'canvas.lock');
    await ctx.respond(ctx.t.t('canvas.lock.done'));
  },
});

export const unlock = defineSubcommand({
  ...ADMIN,
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'unlock', description: 'cmd.canvas.admin.unlock' },
  async run(ctx) {
    await ctx.services.canvas.setLocked(ctx.interaction.guildId, false);
    await ctx.services.audit.recordBy(ctx.interaction, 'canvas', 'canvas.unlock');
    await ctx.respond(ctx.t.t('canvas.unlock.done'));
  },
});

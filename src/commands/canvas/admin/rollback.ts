import { ApplicationCommandOptionType } from 'discord.js';
import { MAX_ROLLBACK_MINUTES } from '../../../canvas/moderation.js';
import { defineSubcommand } from '../../../framework/define.js';
import { msg } from '../../../i18n/message.js';
import { ADMIN, MEMBER_OPTION } from '../shared.js';

export const rollback = defineSubcommand({
  ...ADMIN,
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'rollback',
    description: 'cmd.canvas.admin.rollback',
    options: [
      MEMBER_OPTION,
      { type: ApplicationCommandOptionType.Integer, name: 'minutes', description: 'cmd.canvas.admin.rollback.minutes', required: true, min_value: 1, max_value: MAX_ROLLBACK_MINUTES },
    ],
  },
  async run(ctx, { user, minutes }) {
    const r = await ctx.services.canvas.rollback(ctx.interaction.guildId, user.id, minutes);
    await ctx.services.audit.recordBy(ctx.interaction, 'canvas', 'canvas.rollback', `<@${user.id}>`, { minutes, placements: r.placements, pixels: r.pixels });
    await ctx.respond({
      content: r.placements
        ? ctx.t.t('canvas.rollback.done', {
            placements: msg('canvas.rollback.placements', { count: r.placements }),
            user: user.id,
            minutes: String(minutes),
            pixels: msg('canvas.rollback.pixels', { count: r.pixels }),
          })
        : ctx.t.t('canvas.rollback.none', { user: user.id, minutes: String(minutes) }),
    });
  },
});

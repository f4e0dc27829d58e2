/** `/faction disband`: the leader confirms with a button naming the faction, so a stale prompt disbands nothing else. */
import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { encodeCustomId } from '../../framework/customId.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton } from '../../framework/guild.js';
import { defineRoute, routeArgs } from '../../framework/routes.js';
import type { ComponentRoute } from '../../framework/types.js';
import { closePrompt, confirmRow } from '../server/shared.js';
import { named } from './shared.js';

export const disband = defineSubcommand({
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'disband', description: 'cmd.faction.disband' },
  async run({ interaction, services, respond, t }) {
    const f = await services.factions.led(interaction.guildId, interaction.user.id);
    await respond({
      content: t.t('faction.disband.confirm', named(f)),
      components: [confirmRow(encodeCustomId('faction', 'end', f._id), t.t('faction.button.disband'), encodeCustomId('faction', 'keep', f._id), t.t('faction.button.cancel'), true)],
    });
  },
});

/** `faction:end:factionId`. */
export const endButton: ComponentRoute<GuildButton> = defineRoute({
  args: z.tuple([routeArgs.id]),
  policy: { rateLimit: { uses: 3, windowMs: 10_000 } },
  async run(ctx, [factionId]) {
    const f = await ctx.services.factions.disband(ctx.interaction.guildId, ctx.interaction.user.id, factionId);
    await closePrompt(ctx, ctx.t.t('faction.disband.done', named(f)));
  },
});

/** `faction:keep:factionId`. */
export const keepButton: ComponentRoute<GuildButton> = {
  async run(ctx) {
    await closePrompt(ctx, ctx.t.t('faction.disband.cancelled'));
  },
};

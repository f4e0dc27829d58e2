/** `/server add`: the form, then a connection test and the Trust & save prompt (./trust.ts saves). */
import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { defineSubcommand } from '../../framework/define.js';
import { encodeCustomId } from '../../framework/customId.js';
import { defineRoute, routeArgs } from '../../framework/routes.js';
import type { ComponentRoute } from '../../framework/types.js';
import type { GuildModal } from '../../framework/guild.js';
import { modalValues, serverModal } from '../../servers/form.js';
import { flag, promptTrust } from './shared.js';

export const add = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'add',
    description: 'cmd.server.add',
    options: [{ type: ApplicationCommandOptionType.Boolean, name: 'legacy_algorithms', description: 'cmd.server.add.legacy_algorithms' }],
  },
  async run(ctx, { legacy_algorithms }) {
    const { interaction, services, t } = ctx;
    await services.gameServers.assertCanAdd(interaction.guildId);
    await ctx.showModal(serverModal(t, encodeCustomId('server', 'add', flag(legacy_algorithms)), t.t('server.form.addTitle')));
  },
});

/** `server:add:legacy` (legacy: `flag()` of the option). */
export const addForm: ComponentRoute<GuildModal> = defineRoute({
  args: z.tuple([routeArgs.optionalFlag]),
  // Each submission opens an SSH connection to an address the member typed: bounded per minute.
  policy: { rateLimit: { uses: 10, windowMs: 60_000 } },
  async run(ctx, [legacy]) {
    const { interaction, services } = ctx;
    // Connection tests take seconds: the admin sees "thinking…" meanwhile.
    await ctx.defer();
    const proposal = await services.gameServers.proposeAdd(interaction.guildId, interaction.user.id, modalValues(interaction), legacy ?? false);
    await promptTrust(ctx, proposal);
  },
});

/** `/server edit`: the form prefilled (no password), then a re-test; another host needs Trust & save again. */
import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { shownName } from '../../discord/limits.js';
import { encodeCustomId } from '../../framework/customId.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildModal } from '../../framework/guild.js';
import { defineRoute, routeArgs } from '../../framework/routes.js';
import type { ComponentRoute } from '../../framework/types.js';
import { modalValues, serverModal } from '../../servers/form.js';
import { flag, promptTrust, serverOption } from './shared.js';

export const edit = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'edit',
    description: 'cmd.server.edit',
    options: [serverOption, { type: ApplicationCommandOptionType.Boolean, name: 'legacy_algorithms', description: 'cmd.server.edit.legacy_algorithms' }],
  },
  async run(ctx, options) {
    const { interaction, services, t } = ctx;
    const server = await services.gameServers.resolve(interaction.guildId, options.server);
    const customId = encodeCustomId('server', 'edit', server._id, flag(options.legacy_algorithms));
    await ctx.showModal(serverModal(t, customId, t.t('server.form.editTitle', { name: server.name }), server));
  },
});

/** `server:edit:serverId:legacy` (legacy: `flag()` of the option, `-` keeps the server's). */
export const editForm: ComponentRoute<GuildModal> = defineRoute({
  args: z.tuple([routeArgs.id, routeArgs.optionalFlag]),
  policy: { rateLimit: { uses: 10, windowMs: 60_000 } },
  async run(ctx, [serverId, legacy]) {
    const { interaction, services } = ctx;
    await ctx.defer();
    const server = await services.gameServers.require(interaction.guildId, serverId);
    const form = modalValues(interaction);
    const outcome = await services.gameServers.proposeEdit(server, interaction.user.id, form, legacy);
    if (outcome.kind === 'trust') return promptTrust(ctx, outcome);
    await services.audit.recordBy(interaction, 'servers', 'server.edit', outcome.name, { address: form.address, username: form.username, root: form.root, legacy: legacy ?? null });
    await ctx.respond({ content: ctx.t.t(outcome.keptPassword ? 'server.edit.updatedKeptPassword' : 'server.edit.updated', { name: shownName(outcome.name) }) });
  },
});

/** `/server remove`: asks first; removing stops the feeds and deletes the stored credentials. */
import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { encodeCustomId } from '../../framework/customId.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton } from '../../framework/guild.js';
import { defineRoute, routeArgs } from '../../framework/routes.js';
import type { ComponentRoute } from '../../framework/types.js';
import { shownName } from '../../discord/limits.js';
import { formatAddress } from '../../servers/input.js';
import { closePrompt, confirmRow, serverOption } from './shared.js';

export const remove = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'remove',
    description: 'cmd.server.remove',
    options: [serverOption],
  },
  async run({ interaction, services, respond, t }, options) {
    const server = await services.gameServers.resolve(interaction.guildId, options.server);
    await respond({
      content: t.t('server.remove.confirm', { name: shownName(server.name), address: formatAddress(server.host, server.port) }),
      components: [
        confirmRow(encodeCustomId('server', 'rm', server._id), t.t('server.button.remove'), encodeCustomId('server', 'rmno', server._id), t.t('server.button.cancel'), true),
      ],
    });
  },
});

/** `server:rm:serverId`. */
export const removeButton: ComponentRoute<GuildButton> = defineRoute({
  args: z.tuple([routeArgs.id]),
  async run(ctx, [serverId]) {
    const { interaction, services, t } = ctx;
    await ctx.defer();
    const server = await services.gameServers.require(interaction.guildId, serverId);
    await services.gameServers.remove(server);
    await services.audit.recordBy(interaction, 'servers', 'server.remove', server.name);
    await closePrompt(ctx, t.t('server.remove.done', { name: shownName(server.name) }));
  },
});

/** `server:rmno:serverId`: the id only keeps the two buttons apart; nothing is read from it. */
export const keepButton: ComponentRoute<GuildButton> = {
  async run(ctx) {
    await closePrompt(ctx, ctx.t.t('server.remove.kept'));
  },
};

/** `/server remove`: asks first; removing stops the feeds and deletes the stored credentials. */
import { ApplicationCommandOptionType } from 'discord.js';
import { encodeCustomId } from '../../framework/customId.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton } from '../../framework/guild.js';
import type { ComponentRoute } from '../../framework/types.js';
import { shownName } from '../../discord/limits.js';
import { formatAddress } from '../../servers/input.js';
import { closePrompt, confirmRow, serverOption } from './shared.js';

export const remove = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'remove',
    description: 'Remove a server and delete its credentials',
    options: [serverOption],
  },
  async run({ interaction, services, respond }, options) {
    const server = await services.gameServers.resolve(interaction.guildId, options.server);
    await respond({
      content: `Remove **${shownName(server.name)}** (\`${formatAddress(server.host, server.port)}\`)? Its feeds stop and its stored credentials are deleted.`,
      components: [confirmRow(encodeCustomId('server', 'rm', server._id), 'Remove', encodeCustomId('server', 'rmno', server._id), 'Cancel', true)],
    });
  },
});

export const removeButton: ComponentRoute<GuildButton> = {
  async run({ interaction, services, args }) {
    await interaction.deferUpdate();
    const server = await services.gameServers.require(interaction.guildId, args[0]);
    await services.gameServers.remove(server);
    await closePrompt(interaction, `🗑️ **${shownName(server.name)}** removed; its feeds stopped and its credentials were deleted.`);
  },
};

export const keepButton: ComponentRoute<GuildButton> = {
  async run({ interaction }) {
    await interaction.deferUpdate();
    await closePrompt(interaction, 'Kept: nothing was removed.');
  },
};

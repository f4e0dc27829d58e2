/** `/server browse`: a folder listing inside the root, with pages, Up and a menu to open a subfolder. */
import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton, GuildSelect } from '../../framework/guild.js';
import type { ComponentRoute } from '../../framework/types.js';
import { browseView, childFolder, folderFromMessage, parentFolder, rootRelative } from '../../servers/browse.js';
import { deferEphemeral, serverOption } from './shared.js';

export const browse = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'browse',
    description: 'cmd.server.browse',
    options: [serverOption, { type: ApplicationCommandOptionType.String, name: 'path', description: 'cmd.server.browse.path', max_length: 1000 }],
  },
  async run(ctx, options) {
    await deferEphemeral(ctx.interaction);
    const server = await ctx.services.gameServers.resolve(ctx.interaction.guildId, options.server);
    await ctx.respond(await browseView(ctx.services.gameServers, server, rootRelative(server.root, options.path), 0, ctx.t));
  },
});

/** The listing's state is in the message (folder in the footer, a hash of it in the ids): restart-proof. */
export const pageButton: ComponentRoute<GuildButton> = {
  async run({ interaction, services, args, t }) {
    await interaction.deferUpdate();
    const server = await services.gameServers.require(interaction.guildId, args[0]);
    const folder = folderFromMessage(server._id, args[2] ?? '', interaction.message.embeds);
    await interaction.editReply(await browseView(services.gameServers, server, folder, Number(args[1]) || 0, t));
  },
};

export const upButton: ComponentRoute<GuildButton> = {
  async run({ interaction, services, args, t }) {
    await interaction.deferUpdate();
    const server = await services.gameServers.require(interaction.guildId, args[0]);
    const folder = folderFromMessage(server._id, args[1] ?? '', interaction.message.embeds);
    await interaction.editReply(await browseView(services.gameServers, server, parentFolder(folder), 0, t));
  },
};

export const openSelect: ComponentRoute<GuildSelect> = {
  async run({ interaction, services, args, t }) {
    await interaction.deferUpdate();
    const server = await services.gameServers.require(interaction.guildId, args[0]);
    const folder = folderFromMessage(server._id, args[1] ?? '', interaction.message.embeds);
    await interaction.editReply(await browseView(services.gameServers, server, childFolder(folder, interaction.values[0] ?? ''), 0, t));
  },
};

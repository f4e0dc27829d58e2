/** `/server download`: a file inside the root as an attachment, refused above the size cap. */
import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../framework/define.js';
import { downloadFile } from '../../servers/browse.js';
import { serverOption } from './shared.js';

export const download = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'download',
    description: 'cmd.server.download',
    options: [
      serverOption,
      { type: ApplicationCommandOptionType.String, name: 'path', description: 'cmd.server.download.path', required: true, max_length: 1000 },
    ],
  },
  async run(ctx, options) {
    await ctx.defer();
    const server = await ctx.services.gameServers.resolve(ctx.interaction.guildId, options.server);
    await ctx.respond(await downloadFile(ctx.services.gameServers, server, options.path, ctx.t));
  },
});

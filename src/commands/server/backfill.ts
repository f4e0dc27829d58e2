/** `/server backfill`: reads everything not read yet now, with a progress message edited in place. */
import { ApplicationCommandOptionType } from 'discord.js';
import { clip, LIMITS } from '../../discord/limits.js';
import { defineSubcommand } from '../../framework/define.js';
import { serverOption } from './shared.js';

export const backfill = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'backfill',
    description: 'cmd.server.backfill',
    options: [serverOption],
  },
  async run(ctx, options) {
    const { interaction, services, logger, t } = ctx;
    await ctx.defer();
    const server = await services.gameServers.resolve(interaction.guildId, options.server);
    // The interaction token lives 15 minutes: a longer backfill goes on, its message stops updating.
    // The progress text can quote a game server's error: cut to what one message holds.
    const show = (content: string) => ctx.update({ content: clip(content, LIMITS.content) }).catch((err: Error) => logger.warn({ err: err.message }, 'backfill progress not shown'));
    await services.gameServers.backfill(server, show, t);
    await services.audit.recordBy(interaction, 'servers', 'server.backfill', server.name);
  },
});

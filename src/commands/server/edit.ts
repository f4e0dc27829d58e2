/** `/server edit`: the form prefilled (no password), then a re-test; another host needs Trust & save again. */
import { ApplicationCommandOptionType } from 'discord.js';
import { encodeCustomId } from '../../framework/customId.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildModal } from '../../framework/guild.js';
import type { ComponentRoute } from '../../framework/types.js';
import { modalValues, serverModal } from '../../servers/form.js';
import { deferEphemeral, flag, promptTrust, serverOption, unflag } from './shared.js';
import { shownName } from '../../discord/limits.js';

export const edit = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'edit',
    description: 'Change a server’s connection (the password field can stay blank)',
    options: [serverOption, { type: ApplicationCommandOptionType.Boolean, name: 'legacy_algorithms', description: 'Offer legacy SSH algorithms to this host' }],
  },
  async run({ interaction, services }, options) {
    const server = await services.gameServers.resolve(interaction.guildId, options.server);
    const customId = encodeCustomId('server', 'edit', server._id, flag(options.legacy_algorithms));
    await interaction.showModal(serverModal(customId, `Edit ${server.name}`, server));
  },
});

export const editForm: ComponentRoute<GuildModal> = {
  policy: { rateLimit: { uses: 10, windowMs: 60_000 } },
  async run(ctx) {
    const { interaction, services } = ctx;
    await deferEphemeral(interaction);
    const server = await services.gameServers.require(interaction.guildId, ctx.args[0]);
    const outcome = await services.gameServers.proposeEdit(server, interaction.user.id, modalValues(interaction), unflag(ctx.args[1]));
    if (outcome.kind === 'trust') return promptTrust(ctx, outcome);
    await ctx.respond({ content: `✅ **${shownName(outcome.name)}** updated (connection tested, host key unchanged${outcome.keptPassword ? ', password kept' : ''}).` });
  },
};

/** `/server add`: the form, then a connection test and the Trust & save prompt (./trust.ts saves). */
import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../framework/define.js';
import { encodeCustomId } from '../../framework/customId.js';
import type { ComponentRoute } from '../../framework/types.js';
import type { GuildModal } from '../../framework/guild.js';
import { modalValues, serverModal } from '../../servers/form.js';
import { deferEphemeral, flag, promptTrust, unflag } from './shared.js';

export const add = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'add',
    description: 'Connect a game server: opens a form for its SFTP access',
    options: [{ type: ApplicationCommandOptionType.Boolean, name: 'legacy_algorithms', description: 'Old host that only offers legacy SSH algorithms (ssh-rsa, sha1, cbc)' }],
  },
  async run({ interaction, services }, { legacy_algorithms }) {
    await services.gameServers.assertCanAdd(interaction.guildId);
    await interaction.showModal(serverModal(encodeCustomId('server', 'add', flag(legacy_algorithms)), 'Connect a game server'));
  },
});

export const addForm: ComponentRoute<GuildModal> = {
  // Each submission opens an SSH connection to an address the member typed: bounded per minute.
  policy: { rateLimit: { uses: 10, windowMs: 60_000 } },
  async run(ctx) {
    const { interaction, services } = ctx;
    await deferEphemeral(interaction);
    const proposal = await services.gameServers.proposeAdd(interaction.guildId, interaction.user.id, modalValues(interaction), unflag(ctx.args[0]) ?? false);
    await promptTrust(ctx, proposal);
  },
};

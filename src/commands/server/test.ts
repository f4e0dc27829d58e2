/** `/server test`: connects now; a changed host key is shown with Trust new key / Keep blocked. */
import { ApplicationCommandOptionType } from 'discord.js';
import { encodeCustomId } from '../../framework/customId.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton } from '../../framework/guild.js';
import type { ComponentRoute } from '../../framework/types.js';
import { mismatchEmbed, testReportEmbed, unpinnedKeyEmbed } from '../../servers/views.js';
import { normalizeFingerprint } from '../../sftp/connection.js';
import { closePrompt, confirmRow, deferEphemeral, serverOption } from './shared.js';
import { shownName } from '../../discord/limits.js';

export const test = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'test',
    description: 'Connect now: latency, host key check, files found',
    options: [serverOption],
  },
  async run(ctx, options) {
    const { interaction, services } = ctx;
    await deferEphemeral(interaction);
    const server = await services.gameServers.resolve(interaction.guildId, options.server);
    const outcome = await services.gameServers.test(server);
    if (outcome.ok) {
      await ctx.respond({ embeds: [testReportEmbed(server, outcome.report, outcome.unblocked)] });
      return;
    }
    const changed = outcome.reason === 'changed';
    await ctx.respond({
      embeds: [changed ? mismatchEmbed(server, outcome.presented) : unpinnedKeyEmbed(server, outcome.presented)],
      components: [
        confirmRow(
          // The presented key travels in the id: the admin trusts exactly the key they were shown.
          encodeCustomId('server', 'retrust', server._id, outcome.presented.replace(/^SHA256:/, '')),
          changed ? 'Trust new key' : 'Trust key',
          encodeCustomId('server', 'keep', server._id),
          changed ? 'Keep blocked' : 'Not now',
          changed,
        ),
      ],
    });
  },
});

export const retrustButton: ComponentRoute<GuildButton> = {
  async run({ interaction, services, args }) {
    await interaction.deferUpdate();
    const server = await services.gameServers.require(interaction.guildId, args[0]);
    const fingerprint = normalizeFingerprint(args[1] ?? '');
    const outcome = await services.gameServers.trustNewKey(server, fingerprint);
    await closePrompt(
      interaction,
      outcome.ok
        ? `✅ Host key \`${fingerprint}\` trusted for **${shownName(server.name)}**; the login works (${outcome.report.latencyMs} ms) and the bot reads it again.`
        : `🔑 Host key \`${fingerprint}\` trusted for **${shownName(server.name)}**, but the login failed: ${outcome.error}. Fix it with \`/server edit\`.`,
    );
  },
};

export const keepBlockedButton: ComponentRoute<GuildButton> = {
  async run({ interaction, services, args }) {
    await interaction.deferUpdate();
    const server = await services.gameServers.require(interaction.guildId, args[0]);
    const text = server.hostKeyFingerprint
      ? `🔒 **${shownName(server.name)}** stays blocked. Run \`/server test\` again once your host confirms the new key.`
      : `**${shownName(server.name)}** stays paused: no key trusted, no password sent. Run \`/server test\` again when you have checked the key.`;
    await closePrompt(interaction, text);
  },
};

/** `/server test`: connects now; a changed host key is shown with Trust new key / Keep blocked. */
import { ApplicationCommandOptionType } from 'discord.js';
import { encodeCustomId } from '../../framework/customId.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton } from '../../framework/guild.js';
import type { ComponentRoute } from '../../framework/types.js';
import { mismatchEmbed, testReportEmbed, unpinnedKeyEmbed } from '../../servers/views.js';
import { normalizeFingerprint } from '../../sftp/connection.js';
import { closePrompt, confirmRow, serverOption } from './shared.js';
import { shownName } from '../../discord/limits.js';

export const test = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'test',
    description: 'cmd.server.test',
    options: [serverOption],
  },
  async run(ctx, options) {
    const { interaction, services, t } = ctx;
    // Connection tests take seconds: the admin sees "thinking…" meanwhile.
    await ctx.defer();
    const server = await services.gameServers.resolve(interaction.guildId, options.server);
    const outcome = await services.gameServers.test(server);
    if (outcome.ok) {
      await ctx.respond({ embeds: [testReportEmbed(server, outcome.report, outcome.unblocked, t)] });
      return;
    }
    const changed = outcome.reason === 'changed';
    await ctx.respond({
      embeds: [changed ? mismatchEmbed(server, outcome.presented, t) : unpinnedKeyEmbed(server, outcome.presented, t)],
      components: [
        confirmRow(
          // The presented key travels in the id: the admin trusts exactly the key they were shown.
          encodeCustomId('server', 'retrust', server._id, outcome.presented.replace(/^SHA256:/, '')),
          t.t(changed ? 'server.button.trustNewKey' : 'server.button.trustKey'),
          encodeCustomId('server', 'keep', server._id),
          t.t(changed ? 'server.button.keepBlocked' : 'server.button.notNow'),
          changed,
        ),
      ],
    });
  },
});

export const retrustButton: ComponentRoute<GuildButton> = {
  async run(ctx) {
    const { interaction, services, args, t } = ctx;
    await ctx.defer();
    const server = await services.gameServers.require(interaction.guildId, args[0]);
    const fingerprint = normalizeFingerprint(args[1] ?? '');
    const outcome = await services.gameServers.trustNewKey(server, fingerprint);
    const name = shownName(server.name);
    await closePrompt(
      ctx,
      outcome.ok
        ? t.t('server.test.retrusted', { fingerprint, name, ms: outcome.report.latencyMs })
        : t.t('server.test.retrustedLoginFailed', { fingerprint, name, error: outcome.error }),
    );
  },
};

export const keepBlockedButton: ComponentRoute<GuildButton> = {
  async run(ctx) {
    const server = await ctx.services.gameServers.require(ctx.interaction.guildId, ctx.args[0]);
    // Which prompt was answered: a changed key (Keep blocked) or a key never trusted (Not now).
    await closePrompt(ctx, ctx.t.t(server.hostKeyFingerprint ? 'server.test.keptBlocked' : 'server.test.keptPaused', { name: shownName(server.name) }));
  },
};

/** `/server test`: connects now; a changed host key is shown with Trust new key / Keep blocked. */
import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { encodeCustomId } from '../../framework/customId.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton } from '../../framework/guild.js';
import { defineRoute, routeArgs } from '../../framework/routes.js';
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

/** A SHA256 fingerprint as the retrust id carries it (fingerprintSha256 without `SHA256:`), read back whole. */
const presentedKey = z.string().regex(/^[A-Za-z0-9+/]{43}$/).transform(normalizeFingerprint);

/** `server:retrust:serverId:fingerprint`. */
export const retrustButton: ComponentRoute<GuildButton> = defineRoute({
  args: z.tuple([routeArgs.id, presentedKey]),
  async run(ctx, [serverId, fingerprint]) {
    const { interaction, services, t } = ctx;
    await ctx.defer();
    const server = await services.gameServers.require(interaction.guildId, serverId);
    const outcome = await services.gameServers.trustNewKey(server, fingerprint);
    await services.audit.recordBy(interaction, 'servers', 'server.retrust', server.name, { fingerprint, loggedIn: outcome.ok });
    const name = shownName(server.name);
    await closePrompt(
      ctx,
      outcome.ok
        ? t.t('server.test.retrusted', { fingerprint, name, ms: outcome.report.latencyMs })
        : t.t('server.test.retrustedLoginFailed', { fingerprint, name, error: outcome.error }),
    );
  },
});

/** `server:keep:serverId`. */
export const keepBlockedButton: ComponentRoute<GuildButton> = defineRoute({
  args: z.tuple([routeArgs.id]),
  async run(ctx, [serverId]) {
    const server = await ctx.services.gameServers.require(ctx.interaction.guildId, serverId);
    // Which prompt was answered: a changed key (Keep blocked) or a key never trusted (Not now).
    await closePrompt(ctx, ctx.t.t(server.hostKeyFingerprint ? 'server.test.keptBlocked' : 'server.test.keptPaused', { name: shownName(server.name) }));
  },
});

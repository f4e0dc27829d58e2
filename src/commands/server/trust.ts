/** The Trust & save prompt's buttons (shown by add, and by an edit that moved to another host). */
import { z } from 'zod';
import type { GuildButton } from '../../framework/guild.js';
import { defineRoute, routeArgs } from '../../framework/routes.js';
import type { ComponentRoute } from '../../framework/types.js';
import { UserError } from '../../errors.js';
import { foundLines } from '../../servers/views.js';
import { shownName } from '../../discord/limits.js';
import { closePrompt } from './shared.js';

/** `server:trust:pendingId` (promptTrust, ./shared.ts). */
export const trustButton: ComponentRoute<GuildButton> = defineRoute({
  args: z.tuple([routeArgs.id]),
  async run(ctx, [pendingId]) {
    const { interaction, services, t } = ctx;
    // The connection test takes seconds: the prompt stays as it is meanwhile.
    await ctx.defer();
    let saved;
    try {
      saved = await services.gameServers.trust(interaction.guildId, interaction.user.id, pendingId);
    } catch (err) {
      // The prompt is used up either way: it shows why instead of buttons that no longer work.
      if (err instanceof UserError) return closePrompt(ctx, t.t('server.trust.refused', { reason: err.text }));
      throw err;
    }
    await services.audit.recordBy(interaction, 'servers', 'server.trust', saved.name, { fingerprint: saved.fingerprint });
    await closePrompt(
      ctx,
      t.t('server.trust.saved', { name: shownName(saved.name), fingerprint: saved.fingerprint, ms: saved.report.latencyMs, found: foundLines(saved.report, t) }),
    );
  },
});

/** `server:cancel:pendingId`. */
export const cancelButton: ComponentRoute<GuildButton> = defineRoute({
  args: z.tuple([routeArgs.id]),
  async run(ctx, [pendingId]) {
    await ctx.services.gameServers.cancel(ctx.interaction.guildId, pendingId);
    await closePrompt(ctx, ctx.t.t('server.trust.cancelled'));
  },
});

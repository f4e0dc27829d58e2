/** The Trust & save prompt's buttons (shown by add, and by an edit that moved to another host). */
import type { GuildButton } from '../../framework/guild.js';
import type { ComponentRoute } from '../../framework/types.js';
import { UserError } from '../../errors.js';
import { foundLines } from '../../servers/views.js';
import { shownName } from '../../discord/limits.js';
import { closePrompt } from './shared.js';

export const trustButton: ComponentRoute<GuildButton> = {
  async run(ctx) {
    const { interaction, services, args, t } = ctx;
    // The connection test takes seconds: the prompt stays as it is meanwhile.
    await ctx.defer();
    let saved;
    try {
      saved = await services.gameServers.trust(interaction.guildId, interaction.user.id, args[0] ?? '');
    } catch (err) {
      // The prompt is used up either way: it shows why instead of buttons that no longer work.
      if (err instanceof UserError) return closePrompt(ctx, t.t('server.trust.refused', { reason: err.text }));
      throw err;
    }
    await closePrompt(
      ctx,
      t.t('server.trust.saved', { name: shownName(saved.name), fingerprint: saved.fingerprint, ms: saved.report.latencyMs, found: foundLines(saved.report, t) }),
    );
  },
};

export const cancelButton: ComponentRoute<GuildButton> = {
  async run(ctx) {
    await ctx.services.gameServers.cancel(ctx.interaction.guildId, ctx.args[0] ?? '');
    await closePrompt(ctx, ctx.t.t('server.trust.cancelled'));
  },
};

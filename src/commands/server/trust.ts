/** The Trust & save prompt's buttons (shown by add, and by an edit that moved to another host). */
import type { GuildButton } from '../../framework/guild.js';
import type { ComponentRoute } from '../../framework/types.js';
import { UserError } from '../../errors.js';
import { foundLines } from '../../servers/views.js';
import { shownName } from '../../discord/limits.js';
import { closePrompt } from './shared.js';

export const trustButton: ComponentRoute<GuildButton> = {
  async run({ interaction, services, args }) {
    await interaction.deferUpdate();
    let saved;
    try {
      saved = await services.gameServers.trust(interaction.guildId, interaction.user.id, args[0] ?? '');
    } catch (err) {
      // The prompt is used up either way: it shows why instead of buttons that no longer work.
      if (err instanceof UserError) return closePrompt(interaction, `❌ ${err.message}`);
      throw err;
    }
    await closePrompt(
      interaction,
      `✅ **${shownName(saved.name)}** saved; host key \`${saved.fingerprint}\` is pinned and the login works ` +
        `(${saved.report.latencyMs} ms). Found:\n${foundLines(saved.report)}\n` +
        'Next: choose its feeds with `/server channels`, and check it any time with `/server test`.',
    );
  },
};

export const cancelButton: ComponentRoute<GuildButton> = {
  async run({ interaction, services, args }) {
    await interaction.deferUpdate();
    await services.gameServers.cancel(interaction.guildId, args[0] ?? '');
    await closePrompt(interaction, 'Cancelled: nothing was saved.');
  },
};

/** The Trust & save prompt's buttons (shown by add, and by an edit that moved to another host). */
import type { GuildButton } from '../../framework/guild.js';
import type { ComponentRoute } from '../../framework/types.js';
import { closePrompt } from './shared.js';

export const trustButton: ComponentRoute<GuildButton> = {
  async run({ interaction, services, args }) {
    await interaction.deferUpdate();
    const saved = await services.gameServers.trust(interaction.guildId, interaction.user.id, args[0] ?? '');
    await closePrompt(
      interaction,
      `✅ **${saved.name}** saved; host key \`${saved.fingerprint}\` is pinned. ` +
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

/** `/premium revoke guild:` (operators): back to the free tier at once; the guild's admins are told what paused. */
import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../framework/define.js';
import { tierName } from '../../premium/tiers.js';
import { guildLabel, guildOption, knownGuilds, resolveGuild } from './shared.js';

export const revoke = defineSubcommand({
  access: 'owner',
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'revoke',
    description: 'cmd.premium.revoke',
    options: [guildOption],
  },
  async run({ interaction, services, respond, t }, { guild }) {
    const target = resolveGuild(guild, await knownGuilds(interaction.client));
    const change = await services.premium.revoke({ guildId: target.id, byUserId: interaction.user.id });
    await services.audit.record({ guildId: target.id, actorId: interaction.user.id, kind: 'premium', action: 'premium.revoke', changes: { was: change.previousTier } });
    await respond({
      content: [
        t.t('economy.premium.revoked', { guild: guildLabel(target), free: tierName('free'), was: tierName(change.previousTier) }),
        t.t('economy.premium.recorded'),
      ].join('\n'),
    });
  },
});

/** `/premium revoke guild:` (operators): back to the free tier at once; the guild's admins are told what paused. */
import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../framework/define.js';
import { TIERS } from '../../premium/tiers.js';
import { guildLabel, guildOption, knownGuilds, resolveGuild } from './shared.js';

export const revoke = defineSubcommand({
  access: 'owner',
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'revoke',
    description: 'Bot operators: take a Discord server’s premium away now',
    options: [guildOption],
  },
  async run({ interaction, services, respond }, { guild }) {
    const target = resolveGuild(guild, await knownGuilds(interaction.client));
    const change = await services.premium.revoke({ guildId: target.id, byUserId: interaction.user.id });
    await respond({
      content: [
        `✅ ${guildLabel(target)} is back on the Free tier (it had ${TIERS[change.previousTier].label}). Its data is kept; what goes beyond Free pauses, and its admins are told once.`,
        '-# Recorded. Commands on other shards of the bot see it within a minute, their running pollers within two.',
      ].join('\n'),
    });
  },
});

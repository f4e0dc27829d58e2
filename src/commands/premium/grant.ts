/** `/premium grant guild: tier: days:` (operators): gives a guild a tier for a number of days from now. */
import { ApplicationCommandOptionType as T } from 'discord.js';
import { defineSubcommand } from '../../framework/define.js';
import { MAX_GRANT_DAYS } from '../../premium/service.js';
import { TIER_NAMES, TIERS } from '../../premium/tiers.js';
import { guildLabel, guildOption, knownGuilds, resolveGuild } from './shared.js';

const ts = (d: Date, style: 'R' | 'f') => `<t:${Math.floor(d.getTime() / 1000)}:${style}>`;

export const grant = defineSubcommand({
  access: 'owner',
  definition: {
    type: T.Subcommand,
    name: 'grant',
    description: 'Bot operators: give a Discord server a premium tier for some days',
    options: [
      guildOption,
      {
        type: T.String,
        name: 'tier',
        description: 'The tier to grant',
        required: true,
        choices: TIER_NAMES.filter((t) => t !== 'free').map((t) => ({ name: TIERS[t].label, value: t })),
      },
      { type: T.Integer, name: 'days', description: `For how many days from now (replaces the current grant)`, required: true, min_value: 1, max_value: MAX_GRANT_DAYS },
    ],
  },
  async run({ interaction, services, respond }, { guild, tier, days }) {
    const target = resolveGuild(guild, await knownGuilds(interaction.client));
    const change = await services.premium.grant({ guildId: target.id, tier, days, byUserId: interaction.user.id });
    const until = change.expiresAt!;
    await respond({
      content: [
        `✅ ${guildLabel(target)} now has **${TIERS[tier].label}** until ${ts(until, 'f')} (${ts(until, 'R')}); it had ${TIERS[change.previousTier].label}.`,
        target.name ? null : '⚠️ The bot is not in that Discord server (yet): the grant applies once it joins.',
        '-# Recorded. Commands on other shards of the bot see it within a minute, their running pollers within two.',
      ]
        .filter(Boolean)
        .join('\n'),
    });
  },
});

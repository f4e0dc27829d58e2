/** `/premium grant guild: tier: days:` (operators): gives a guild a tier for a number of days from now. */
import { ApplicationCommandOptionType as T } from 'discord.js';
import { defineSubcommand } from '../../framework/define.js';
import { MAX_GRANT_DAYS } from '../../premium/service.js';
import { TIER_NAMES, TIERS, tierName } from '../../premium/tiers.js';
import { guildLabel, guildOption, knownGuilds, resolveGuild } from './shared.js';

const ts = (d: Date, style: 'R' | 'f') => `<t:${Math.floor(d.getTime() / 1000)}:${style}>`;

export const grant = defineSubcommand({
  access: 'owner',
  definition: {
    type: T.Subcommand,
    name: 'grant',
    description: 'cmd.premium.grant',
    options: [
      guildOption,
      {
        type: T.String,
        name: 'tier',
        description: 'cmd.premium.grant.tier',
        required: true,
        choices: TIER_NAMES.filter((t) => t !== 'free').map((t) => ({ name: TIERS[t].label, value: t })),
      },
      { type: T.Integer, name: 'days', description: 'cmd.premium.grant.days', required: true, min_value: 1, max_value: MAX_GRANT_DAYS },
    ],
  },
  async run({ interaction, services, respond, t }, { guild, tier, days }) {
    const target = resolveGuild(guild, await knownGuilds(interaction.client));
    const change = await services.premium.grant({ guildId: target.id, tier, days, byUserId: interaction.user.id });
    const until = change.expiresAt!;
    await services.audit.record({ guildId: target.id, actorId: interaction.user.id, kind: 'premium', action: 'premium.grant', changes: { tier, days, was: change.previousTier } });
    await respond({
      content: [
        t.t('economy.premium.granted', { guild: guildLabel(target), tier: tierName(tier), until: ts(until, 'f'), when: ts(until, 'R'), was: tierName(change.previousTier) }),
        target.name ? null : t.t('economy.premium.notJoined'),
        t.t('economy.premium.recorded'),
      ]
        .filter(Boolean)
        .join('\n'),
    });
  },
});

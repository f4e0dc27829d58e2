/** `/faction create name: tag:`: founds a faction led by the member; the guild's faction cost (0: free) is charged once. */
import { ApplicationCommandOptionType } from 'discord.js';
import { FACTION_NAME_MAX, FACTION_TAG } from '../../db/factionSchemas.js';
import { ecoSettingsOf } from '../../economy/settings.js';
import { defineSubcommand } from '../../framework/define.js';
import { named } from './shared.js';

export const create = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'create',
    description: 'cmd.faction.create',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'name', description: 'cmd.faction.create.name', required: true, max_length: FACTION_NAME_MAX },
      { type: ApplicationCommandOptionType.String, name: 'tag', description: 'cmd.faction.create.tag', required: true, min_length: FACTION_TAG.min, max_length: FACTION_TAG.max },
    ],
  },
  rateLimit: { uses: 3, windowMs: 60_000 },
  async run({ interaction, services, respond, t }, { name, tag }) {
    const guildId = interaction.guildId;
    const cost = ecoSettingsOf((await services.guildConfigs.get(guildId)).economy).factionCost;
    const f = await services.factions.create(guildId, interaction.user.id, name, tag.trim(), cost);
    await respond(cost > 0 ? t.t('faction.create.donePaid', { ...named(f), cost }) : t.t('faction.create.done', named(f)));
  },
});

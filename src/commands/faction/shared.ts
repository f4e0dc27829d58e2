/** Pieces the /faction subcommand files share: the member option, the tier's member limit, the faction's label. */
import { ApplicationCommandOptionType } from 'discord.js';
import { shownName } from '../../discord/limits.js';
import type { Faction } from '../../db/factionSchemas.js';
import { TIERS } from '../../premium/tiers.js';
import type { AppServices } from '../../services/container.js';

/** The `member:` option of invite, kick and promote. */
export const memberOption = (description: 'cmd.faction.invite.member' | 'cmd.faction.kick.member' | 'cmd.faction.promote.member') =>
  ({ type: ApplicationCommandOptionType.User, name: 'member', description, required: true }) as const;

/** Members a faction of this guild may have (the tier table's `factionMembers`). */
export async function memberLimit(services: AppServices, guildId: string): Promise<number> {
  return TIERS[await services.guildConfigs.tier(guildId)].factionMembers;
}

/** A faction's name and tag as message parameters (escaped: no markdown, no mention). */
export const named = (f: Pick<Faction, 'name' | 'tag'>) => ({ name: shownName(f.name), tag: shownName(f.tag) });

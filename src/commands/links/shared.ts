/** What the /links subcommands share: the tier's link count and the audit entry of an admin's change. */
import type { AppServices } from '../../services/container.js';
import { TIERS } from '../../premium/tiers.js';

/** How many players a member of this guild may hold (the tier table's `links`). */
export async function linkLimit(services: AppServices, guildId: string): Promise<number> {
  return TIERS[await services.guildConfigs.tier(guildId)].links;
}

/** `link.move`: an admin's add that took the player from another member. */
export type LinkAction = 'link.approve' | 'link.reject' | 'link.add' | 'link.move' | 'link.remove';

/** Records an admin's link change (the audit log never throws); an undefined change (no previous member) is left out. */
export function auditLink(services: AppServices, guildId: string, actorId: string, action: LinkAction, player: { id: string; name: string }, changes: Record<string, string | undefined>): Promise<void> {
  return services.audit.record({ guildId, actorId, kind: 'links', action, target: player.name, changes: { player: player.id, ...changes } });
}

export const unix = (d: Date): number => Math.floor(d.getTime() / 1000);

import { UserError } from '../errors.js';
import { TIERS } from '../premium/tiers.js';
import type { AppServices } from '../services/container.js';

/** Refuses a new server when the guild already has as many as its premium tier allows. */
export async function assertCanAddServer(services: AppServices, guildId: string): Promise<void> {
  const [tier, count] = await Promise.all([services.guildConfigs.tier(guildId), services.servers.count(guildId)]);
  const limit = TIERS[tier].servers;
  if (count >= limit) {
    throw new UserError(
      `this Discord server already has ${count} game server${count === 1 ? '' : 's'}, the limit of the ${TIERS[tier].label} tier (${limit}). ` +
        'Remove one with `/server remove`, or ask the bot’s operators about a higher premium tier.',
      'premium',
    );
  }
}

/** The smallest poll interval the guild's tier allows. */
export async function minPollSeconds(services: AppServices, guildId: string): Promise<number> {
  return TIERS[await services.guildConfigs.tier(guildId)].minPollSeconds;
}

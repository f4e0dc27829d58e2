import { z } from 'zod';

/**
 * A member's claim on a player, waiting for an admin (`link_claims`, `/link` in the default approval mode).
 * Approving it makes a player link (`player_links`, which holds approved links only); rejecting deletes it.
 * One claim per member and player (the unique index `guild_player_user`); several members may claim one player.
 */
export const linkClaimSchema = z.object({
  _id: z.string(), // short random id: it goes in the review buttons' custom ids
  guildId: z.string(),
  userId: z.string(),
  playerId: z.string(),
  playerName: z.string(),
  claimedAt: z.date(),
});
export type LinkClaim = z.infer<typeof linkClaimSchema>;

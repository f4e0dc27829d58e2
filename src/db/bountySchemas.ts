/**
 * A bounty on an in-game player (`bounties`): the credits are in escrow (src/economy/economy.ts
 * ESCROW_ACCOUNT) from `bounty:<id>:in` on, and leave it by the one entry `bounty:<id>:out` (claim, refund
 * at expiry or cancel: whichever is entered first). The document follows the ledger: its state is set
 * after the entry that decides it, and repaired from that entry when a crash came in between.
 */
import { z } from 'zod';

/**
 * `placing`: written before the placer is charged (a crash then leaves a document the repair settles from
 * the ledger); `void`: the charge was refused (or never happened), nothing is in escrow.
 */
export const BOUNTY_STATES = ['placing', 'active', 'claimed', 'refunded', 'cancelled', 'void'] as const;
export type BountyState = (typeof BOUNTY_STATES)[number];

export const bountySchema = z.object({
  /** The placing interaction's id (a redelivered interaction places nothing more), or `auto:<serverId>:<eventId>`. */
  _id: z.string(),
  guildId: z.string(),
  /** The target's Deadside player id and their name when placed. */
  targetId: z.string(),
  targetName: z.string(),
  /** The member who pays; null: the house (an automatic bounty, funded by nobody's balance). */
  placerId: z.string().nullable(),
  amount: z.number().int().positive(),
  state: z.enum(BOUNTY_STATES),
  createdAt: z.date(),
  /** Kills from createdAt up to (not including) expiresAt claim it; the sweep refunds it after. */
  expiresAt: z.date(),
  /** Set with a final state: who got the credits back or won them, when, and the claiming kill (`<serverId>:<eventId>`). */
  settledTo: z.string().optional(),
  settledAt: z.date().optional(),
  claimRef: z.string().optional(),
  /** The sweep's next look at it: a refund that failed, or a repair still waiting (src/bounties/expiry.ts). */
  retryAfter: z.date().optional(),
  /** The sweep voided it uncharged (its command died or stalled): watched a while for a charge that lands late (src/bounties/repair.ts). */
  givenUpAt: z.date().optional(),
  /** Set once decided: a TTL index deletes the document then (src/bounties/rules.ts BOUNTY_KEPT_DAYS). */
  expireAt: z.date().optional(),
});
export type Bounty = z.infer<typeof bountySchema>;

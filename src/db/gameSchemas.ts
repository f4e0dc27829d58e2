/**
 * A game of /coinflip, /slots or /blackjack (`game_hands`), one document per game, `_id` the id of the
 * interaction that started it (a replayed interaction finds its game instead of playing another). The
 * state moves only by guarded updates (src/games/handStore.ts), so one click, one sweep or one replay
 * moves it and the others see it moved:
 *
 *   new ──bet applied──▶ playing (blackjack) ──hit/stand──▶ settling ──win paid──▶ settled
 *    │                       └──────────── (coinflip, slots, a dealt blackjack) ──▶ settling
 *    ├──bet refused──▶ refused
 *    └──stale (a crash before the bet was decided)──▶ cancelling ──bet refunded if taken──▶ cancelled
 */
import { z } from 'zod';

export const GAME_KINDS = ['coinflip', 'slots', 'blackjack'] as const;
export type GameKind = (typeof GAME_KINDS)[number];
export const HAND_STATES = ['new', 'playing', 'settling', 'settled', 'refused', 'cancelling', 'cancelled'] as const;
export type HandState = (typeof HAND_STATES)[number];

export const gameHandSchema = z.object({
  _id: z.string(),
  guildId: z.string(),
  userId: z.string(),
  kind: z.enum(GAME_KINDS),
  bet: z.number().int().min(1),
  state: z.enum(HAND_STATES),
  /** Bumped by every move of a blackjack hand: a button carries the version it was shown with. */
  version: z.number().int().min(0),
  /** Coinflip: the side called and the side it landed on. */
  called: z.enum(['heads', 'tails']).optional(),
  landed: z.enum(['heads', 'tails']).optional(),
  /** Slots: the symbol index on each reel. */
  reels: z.array(z.number().int()).optional(),
  /** Blackjack: cards 0..51 (src/games/blackjack.ts). */
  player: z.array(z.number().int()).optional(),
  dealer: z.array(z.number().int()).optional(),
  /** Set when the hand is decided (`settling`): what it pays back in total (0: lost) and why. */
  outcome: z.string().nullable(),
  payout: z.number().int().min(0),
  /** Blackjack: stood for the player after it lay idle (src/games/games.ts IDLE_MS). */
  timedOut: z.boolean().optional(),
  /** `guildId:userId` while a blackjack hand is open: a unique index keeps one open hand per member. */
  openSlot: z.string().optional(),
  createdAt: z.date(),
  /** The last move (the idle clock of a blackjack hand). */
  touchedAt: z.date(),
  settledAt: z.date().optional(),
  /** Set on a final state: a TTL index deletes the document then (an open hand has none, so it is never lost). */
  expiresAt: z.date().optional(),
});
export type GameHand = z.infer<typeof gameHandSchema>;

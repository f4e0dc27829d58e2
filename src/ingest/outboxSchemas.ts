/** The feeds' outbox messages and held channels (re-exported by schemas.ts, where the engine's types are read). */
import { z } from 'zod';

/** `admin`: kicks and flagged kills for the guild's admin channel (adminItems.ts). */
export const feedKindSchema = z.enum(['killfeed', 'callouts', 'events', 'connections', 'admin']);
export type FeedKind = z.infer<typeof feedKindSchema>;

/** One Discord message to post, written in the same batch as the stats it reflects. */
export const outboxMessageSchema = z.object({
  _id: z.string(),
  guildId: z.string(),
  serverId: z.string(),
  channelId: z.string(),
  kind: feedKindSchema,
  /** Discord message body (embeds). */
  body: z.record(z.string(), z.unknown()),
  /** Discord `nonce` (≤ 25 chars, derived from _id). */
  nonce: z.string().max(25),
  notBefore: z.date(),
  /** Posting order within a server: seq * 1000 + index. */
  sortKey: z.number(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  /**
   * Set once Discord refused the message for its content and it is posted one embed per message: how
   * many of those parts are posted (each carries a nonce derived from `_id` and its index).
   */
  partsDone: z.number().int().min(0).optional(),
  /** Set on a summary of held posts (src/ingest/heldPosts.ts): how many embeds of each kind it replaced. */
  summarized: z.partialRecord(feedKindSchema, z.number().int()).optional(),
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

/** Why Discord refuses a feed channel's posts: a permission (403) or a deleted channel (404). */
export const feedHoldReasonSchema = z.enum(['missing_access', 'unknown_channel']);
export type FeedHoldReason = z.infer<typeof feedHoldReasonSchema>;

/** A feed channel whose posts are held (kept in the outbox, not tried) until Discord accepts them again. */
export const feedHoldSchema = z.object({
  /** The channel id. */
  _id: z.string(),
  guildId: z.string(),
  reason: feedHoldReasonSchema,
  /** Discord's error code, e.g. 50013 Missing Permissions. */
  code: z.number().int(),
  since: z.date(),
  /** The next slow probe (one post tried) unless a permission change releases it earlier. */
  probeAt: z.date(),
});
export type FeedHold = z.infer<typeof feedHoldSchema>;

import { z } from 'zod';

/**
 * Why a posted board stopped being edited: the channel refuses the bot (`permissions`, retried hourly),
 * the channel is gone (`channel`), its message was deleted again right after a re-post (`deleted`), or
 * it is beyond the premium tier's board count (`tier`, retried hourly: it resumes when the tier allows).
 */
export const BOARD_PAUSE_REASONS = ['permissions', 'channel', 'deleted', 'tier'] as const;
export type BoardPauseReason = (typeof BOARD_PAUSE_REASONS)[number];

/**
 * A board the bot keeps up to date (`boards`): one message in a channel, edited in place when what it
 * shows changed, at most once per the tier's interval. `nextAt` is when it is looked at next (null: never,
 * until an admin acts); the updater reads the due ones on its index, a bounded batch at a time.
 */
export const postedBoardSchema = z.object({
  _id: z.string(),
  guildId: z.string(),
  channelId: z.string(),
  /** The message edited in place (null until the first post went through). */
  messageId: z.string().nullable(),
  /** A board name of src/stats/leaderboards.ts and a window of src/ingest/windows.ts (checked where read). */
  board: z.string(),
  window: z.string(),
  /** With `season`: an archived season instead of the current one. */
  seasonId: z.string().nullable().default(null),
  /** One game server, or null: every server of the guild. */
  serverId: z.string().nullable(),
  image: z.boolean(),
  createdBy: z.string(),
  createdAt: z.date(),
  /** `<guildId>:<hash of the guild's other boards>` under a unique index: holds the tier's count when posts race. */
  slot: z.string(),
  nextAt: z.date().nullable(),
  /** Hash of what the message shows now (src/stats/boardContent.ts): an unchanged board is not edited. */
  hash: z.string().nullable(),
  editedAt: z.date().nullable(),
  /** Set when the message was found deleted and posted again; cleared by the next edit that goes through. */
  reposted: z.boolean().default(false),
  /** Failed attempts in a row (Discord or network errors other than a refusal): the retry backs off. */
  failures: z.number().int().default(0),
  pause: z.object({ reason: z.enum(BOARD_PAUSE_REASONS), at: z.date() }).nullable().default(null),
});
export type PostedBoard = z.infer<typeof postedBoardSchema>;

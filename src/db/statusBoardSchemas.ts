import { z } from 'zod';

/**
 * Why a status board stopped being edited: the channel refuses the bot (`permissions`, retried hourly),
 * the channel is gone (`channel`), or its message was deleted again right after a re-post (`deleted`).
 */
export const STATUS_PAUSE_REASONS = ['permissions', 'channel', 'deleted'] as const;
export type StatusPauseReason = (typeof STATUS_PAUSE_REASONS)[number];

/**
 * A status board (`status_boards`, /server statusboard): one message showing a game server (or all of
 * the guild's) now, edited in place at most once a minute when what it shows changed. `_id` is
 * `<guildId>:<serverId or *>`, so a guild holds one per server and one for all of them. `nextAt` is when
 * it is looked at next (null: not until an admin acts); the updater reads the due ones on its index.
 */
export const statusBoardSchema = z.object({
  _id: z.string(),
  guildId: z.string(),
  channelId: z.string(),
  /** One game server, or null: every server of the guild. */
  serverId: z.string().nullable(),
  messageId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  nextAt: z.date().nullable(),
  /** Hash of what the message shows (without its time stamp): an unchanged board is not edited. */
  hash: z.string().nullable(),
  editedAt: z.date().nullable(),
  /** Set when the message was found deleted and posted again; cleared by the next edit that goes through. */
  reposted: z.boolean().default(false),
  failures: z.number().int().default(0),
  pause: z.object({ reason: z.enum(STATUS_PAUSE_REASONS), at: z.date() }).nullable().default(null),
});
export type StatusBoard = z.infer<typeof statusBoardSchema>;

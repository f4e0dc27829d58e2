/**
 * A posted board's message through discord.js REST (its rate-limit queues, 429 waits and retries):
 * posted with a nonce (a resend after a crash between the post and its record returns the first message
 * instead of a second one), edited in place, deleted. What a refusal means for the board is `refusalOf`.
 */
import { Routes, type APIEmbed, type APIMessage, type REST } from 'discord.js';
import { createHash } from 'node:crypto';
import { DISCORD_ERROR, isMissingAccess, isUnknownChannel } from '../discord/apiErrors.js';
import { NO_MENTIONS } from '../discord/limits.js';
import type { BoardFile } from '../stats/boardMessage.js';

export type BoardRest = Pick<REST, 'post' | 'patch' | 'delete'>;

/** A board message: its embed, and the picture when it is drawn. */
export interface BoardBody {
  embeds: APIEmbed[];
  file: BoardFile | null;
}

function payload(body: BoardBody): Record<string, unknown> {
  // `attachments` lists what the message keeps: only the new picture (an edit drops the old one).
  const attachments = body.file ? [{ id: '0', filename: body.file.name, description: body.file.description }] : [];
  return { embeds: body.embeds, attachments, allowed_mentions: NO_MENTIONS };
}

const files = (body: BoardBody) => (body.file ? [{ name: body.file.name, data: body.file.data, contentType: 'image/png' }] : undefined);

/** Discord's nonce (≤ 25 characters) for a board's post: the same key gives the same message for 5 minutes. */
export function boardNonce(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 25);
}

/** Posts the board; returns the message's id. */
export async function postBoardMessage(rest: BoardRest, channelId: string, body: BoardBody, nonceKey: string): Promise<string> {
  const message = (await rest.post(Routes.channelMessages(channelId), {
    body: { ...payload(body), nonce: boardNonce(nonceKey), enforce_nonce: true },
    files: files(body),
  })) as APIMessage;
  return message.id;
}

export async function editBoardMessage(rest: BoardRest, channelId: string, messageId: string, body: BoardBody): Promise<void> {
  await rest.patch(Routes.channelMessage(channelId, messageId), { body: payload(body), files: files(body) });
}

/** Deletes the message; one already gone (or a channel the bot lost) is not an error here. */
export async function deleteBoardMessage(rest: BoardRest, channelId: string, messageId: string): Promise<boolean> {
  try {
    await rest.delete(Routes.channelMessage(channelId, messageId));
    return true;
  } catch (err) {
    if (refusalOf(err)) return false;
    throw err;
  }
}

/**
 * What a Discord refusal means for a board: its message was deleted (`deleted`), the channel was
 * (`channel`), or the bot may no longer see or post there (`permissions`, 403: 50001/50013). Null for
 * anything else (a network error, a 5xx after discord.js's retries): a passing failure, retried.
 */
export function refusalOf(err: unknown): 'deleted' | 'channel' | 'permissions' | null {
  const e = err as { status?: unknown; code?: unknown } | null;
  if (e && e.status === 404 && e.code === DISCORD_ERROR.unknownMessage) return 'deleted';
  if (isUnknownChannel(err)) return 'channel';
  if (isMissingAccess(err)) return 'permissions';
  return null;
}

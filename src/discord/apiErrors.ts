/**
 * Discord API refusals, named once: what a JSON error code means, in words a member can act on.
 * The interaction error boundary shows these (with the error id it recorded) instead of "something went
 * wrong"; feeds read `isMissingAccess`/`isUnknownChannel` to hold posts instead of dropping them.
 * Codes: https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
 */
import { msg } from '../i18n/message.js';
import type { Msg } from '../i18n/types.js';

export const DISCORD_ERROR = {
  unknownChannel: 10003,
  unknownMessage: 10008,
  missingAccess: 50001,
  missingPermissions: 50013,
  invalidFormBody: 50035,
} as const;

const TEXT: Record<number, Msg> = {
  [DISCORD_ERROR.missingPermissions]: msg('discord.missingPermissions'),
  [DISCORD_ERROR.missingAccess]: msg('discord.missingAccess'),
  [DISCORD_ERROR.unknownChannel]: msg('discord.unknownChannel'),
  [DISCORD_ERROR.unknownMessage]: msg('discord.unknownMessage'),
  [DISCORD_ERROR.invalidFormBody]: msg('discord.invalidFormBody'),
};

interface ApiErrorLike {
  status: number;
  code: number | string;
}

function apiError(err: unknown): ApiErrorLike | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const { status, code } = err as { status?: unknown; code?: unknown };
  return typeof status === 'number' && (typeof code === 'number' || typeof code === 'string') ? { status, code } : undefined;
}

/** The plain words for a Discord API error, or undefined when it is not one we name. */
export function discordErrorText(err: unknown): Msg | undefined {
  const e = apiError(err);
  return e && typeof e.code === 'number' ? TEXT[e.code] : undefined;
}

/** 403: the bot may not see or post in the channel (a permission an admin can give back). */
export function isMissingAccess(err: unknown): boolean {
  return apiError(err)?.status === 403;
}

/** 404 Unknown Channel: the channel was deleted. */
export function isUnknownChannel(err: unknown): boolean {
  const e = apiError(err);
  return e?.status === 404 && e.code === DISCORD_ERROR.unknownChannel;
}

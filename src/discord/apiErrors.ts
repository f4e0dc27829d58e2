/**
 * Discord API refusals, named once: what a JSON error code means, in words a member can act on.
 * The interaction error boundary shows these (with the error id it recorded) instead of "something went
 * wrong"; feeds read `isMissingAccess`/`isUnknownChannel` to hold posts instead of dropping them.
 * Codes: https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
 */
export const DISCORD_ERROR = {
  unknownChannel: 10003,
  unknownMessage: 10008,
  missingAccess: 50001,
  missingPermissions: 50013,
  invalidFormBody: 50035,
} as const;

const TEXT: Record<number, string> = {
  [DISCORD_ERROR.missingPermissions]:
    'I am missing a permission I need for that here. An admin can check my role and this channel\'s permissions (View Channel, Send Messages, Embed Links, Attach Files).',
  [DISCORD_ERROR.missingAccess]: 'I cannot see that channel: an admin needs to give me View Channel there.',
  [DISCORD_ERROR.unknownChannel]: 'That channel no longer exists. If it was a feed channel, pick another one with `/server channels`.',
  [DISCORD_ERROR.unknownMessage]: 'That message no longer exists (it was deleted). Run the command again for a new one.',
  [DISCORD_ERROR.invalidFormBody]: 'Discord refused the message I built for you. That is a bug on our side; it has been recorded.',
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
export function discordErrorText(err: unknown): string | undefined {
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

/** Discord API refusals in plain words, and the tests feeds use to hold posts. */
import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { ENGLISH } from '../../src/i18n/translate.js';
import { DISCORD_ERROR, discordErrorText, isMissingAccess, isUnknownChannel } from '../../src/discord/apiErrors.js';

const apiError = (status: number, code: number) =>
  new DiscordAPIError({ code, message: 'x' }, code, status, 'POST', 'https://discord.test/api/v10/channels/1/messages', { body: undefined, files: undefined });

/** The English words of a refusal. */
const words = (err: unknown) => {
  const text = discordErrorText(err);
  return text ? ENGLISH.text(text) : undefined;
};

describe('Discord API errors', () => {
  it('names 50013, 50001, 10003, 10008 and 50035 in words a member can act on', () => {
    expect(words(apiError(403, DISCORD_ERROR.missingPermissions))).toMatch(/missing a permission/);
    expect(words(apiError(403, DISCORD_ERROR.missingAccess))).toMatch(/View Channel/);
    expect(words(apiError(404, DISCORD_ERROR.unknownChannel))).toMatch(/channel no longer exists/);
    expect(words(apiError(404, DISCORD_ERROR.unknownMessage))).toMatch(/message no longer exists/);
    expect(words(apiError(400, DISCORD_ERROR.invalidFormBody))).toMatch(/bug on our side/);
  });

  it('leaves other errors to the generic message', () => {
    expect(discordErrorText(apiError(500, 0))).toBeUndefined();
    expect(discordErrorText(new Error('boom'))).toBeUndefined();
    expect(discordErrorText(null)).toBeUndefined();
  });

  it('tells a refusing channel (403, or a deleted channel) from other failures', () => {
    expect(isMissingAccess(apiError(403, DISCORD_ERROR.missingPermissions))).toBe(true);
    expect(isMissingAccess(apiError(404, DISCORD_ERROR.unknownChannel))).toBe(false);
    expect(isUnknownChannel(apiError(404, DISCORD_ERROR.unknownChannel))).toBe(true);
    expect(isUnknownChannel(apiError(404, DISCORD_ERROR.unknownMessage))).toBe(false);
  });
});

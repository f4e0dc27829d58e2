/**
 * /link's post in the admin channel (src/commands/link.ts announce): the claimed player's name is escaped
 * like in every post, so a name written as markdown (a masked link, bold) shows as typed; nobody is pinged.
 */
import { describe, expect, it } from 'vitest';
import { announce } from '../../src/commands/link.js';
import { ENGLISH } from '../../src/i18n/translate.js';
import type { AppServices } from '../../src/services/container.js';

const MEMBER = '1410000000000000001';

function channelDouble() {
  const sent: { content: string; allowedMentions: unknown }[] = [];
  const services = {
    client: { channels: { fetch: () => Promise.resolve({ send: (body: { content: string; allowedMentions: unknown }) => (sent.push(body), Promise.resolve()) }) } },
    guildConfigs: { texts: () => Promise.resolve(ENGLISH) },
    logger: { warn: () => undefined },
  } as unknown as AppServices;
  return { sent, services };
}

describe('the admin channel’s claim post', () => {
  it('escapes the player’s name: no masked link, no markdown of the player’s', async () => {
    const { sent, services } = channelDouble();
    await announce({ services }, 'g', 'c', MEMBER, '[free nitro](https://evil.example) **x**');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.content).toBe(`📨 <@${MEMBER}> claims the player **\\[free nitro\\](https://evil.example) \\*\\*x\\*\\***. \`/links review\` to approve or reject.`);
    expect(sent[0]!.content).not.toContain('[free nitro](');
    expect(sent[0]!.allowedMentions).toEqual({ parse: [] });
  });
});

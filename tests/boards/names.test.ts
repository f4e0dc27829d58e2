/** Members' names for pictures through REST against the Discord double: nickname first, a member who left unknown, each read once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restMemberNames } from '../../src/boards/names.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { restFor } from '../ingest/helpers.js';

const GUILD = '1610000000000000100';
let double: DiscordDouble;

beforeAll(async () => {
  double = await DiscordDouble.start({
    applicationId: '1610000000000000001',
    botUserId: '1610000000000000002',
    token: 'names-test-token',
    guilds: [
      {
        id: GUILD,
        name: 'G',
        ownerId: '1610000000000000301',
        channels: [{ id: '1610000000000000110', name: 'x', type: 'text' }],
        members: [
          { id: '1610000000000000301', username: 'owner', nick: 'The Boss' },
          { id: '1610000000000000302', username: 'zoe', globalName: 'Zoë' },
          { id: '1610000000000000303', username: 'plain' },
        ],
      },
    ],
  });
});

afterAll(async () => {
  await double?.stop();
});

describe('restMemberNames', () => {
  it('reads nickname, else display name, else username; leaves out members it cannot find; asks once per member', async () => {
    const names = restMemberNames(restFor(double.apiBase, double.token));
    const ids = ['1610000000000000301', '1610000000000000302', '1610000000000000303', '1610000000000000399'];
    const got = await names(GUILD, ids);
    expect(Object.fromEntries(got)).toEqual({ '1610000000000000301': 'The Boss', '1610000000000000302': 'Zoë', '1610000000000000303': 'plain' });
    const asked = double.requestsTo('GET', /^\/guilds\/\d+\/members\/\d+$/).length;
    expect(asked).toBe(4);
    await names(GUILD, ids);
    expect(double.requestsTo('GET', /^\/guilds\/\d+\/members\/\d+$/).length).toBe(asked);
  });
});

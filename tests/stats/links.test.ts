/** LinkRepo against jongodb with the bot's indexes: approved links, claims, races, moves and the count. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { UserError } from '../../src/errors.js';
import { ENGLISH } from '../../src/i18n/translate.js';
import { LinkRepo } from '../../src/stats/links.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

let mongo: TestMongo;
let cols: Collections;
let repo: LinkRepo;
let guild = 0;
const nextGuild = () => `g${++guild}`;
const player = (n: string) => ({ id: n.repeat(32).slice(0, 32), name: n });
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    if (err instanceof UserError) return ENGLISH.text(err.text);
    throw err;
  }
  return null;
};

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  repo = new LinkRepo(cols.playerLinks, cols.linkClaims);
});
afterAll(async () => {
  await mongo?.stop();
});

describe('LinkRepo', () => {
  it('two members linking one player at the same moment end with one link', async () => {
    const g = nextGuild();
    const results = await Promise.all(['1', '2', '3'].map((u) => refusal(repo.link(g, u, player('a'), 2))));
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(await cols.playerLinks.countDocuments({ guildId: g })).toBe(1);
  });

  it('two admins approving rival claims at the same moment end with one link, and close every claim on the player', async () => {
    const g = nextGuild();
    const [one, two] = await Promise.all([repo.claims.file(g, '1', player('b')), repo.claims.file(g, '2', player('b'))]);
    expect(one.filed && two.filed).toBe(true);
    // Claims are not links: kill posts and credits see nothing yet.
    expect(await repo.byPlayers(g, [player('b').id])).toEqual([]);
    await Promise.allSettled([repo.approve(g, one.claim._id, 2), repo.approve(g, two.claim._id, 2)]);
    expect(await cols.playerLinks.countDocuments({ guildId: g, playerId: player('b').id })).toBe(1);
    expect(await repo.byPlayers(g, [player('b').id])).toHaveLength(1);
    expect(await repo.claims.count(g)).toBe(0);
  });

  it('a second claim by the same member keeps the first; rejecting twice says it was handled', async () => {
    const g = nextGuild();
    const first = await repo.claims.file(g, '1', player('c'));
    const again = await repo.claims.file(g, '1', player('c'));
    expect(again).toMatchObject({ filed: false, claim: { _id: first.claim._id } });
    await repo.reject(g, first.claim._id);
    expect(await refusal(repo.reject(g, first.claim._id))).toBe('That claim was already handled.');
  });

  it('moves a player to another member, from now on, within the new member’s count', async () => {
    const g = nextGuild();
    await repo.link(g, '1', player('d'), 2);
    const before = (await repo.byPlayer(g, player('d').id))!.linkedAt;
    await repo.link(g, '2', player('e'), 1);
    expect(await refusal(repo.move(g, '2', player('d'), 1))).toBe('A member holds at most **1** player on this server’s tier. Unlink one first.');
    expect(await repo.byPlayer(g, player('d').id)).toMatchObject({ userId: '1' });
    const { previous } = await repo.move(g, '2', player('d'), 2);
    expect(previous?.userId).toBe('1');
    const moved = (await repo.byPlayer(g, player('d').id))!;
    expect(moved.userId).toBe('2');
    expect(moved.linkedAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect((await repo.ofMember(g, '2')).map((l) => l.playerName)).toEqual(['e', 'd']);
    expect(await repo.get(g, '2')).toMatchObject({ playerName: 'e' });
    expect(await repo.ofMember(g, '1')).toEqual([]);
  });
});

/** LinkRepo against jongodb with the bot's indexes: approved links, claims, races, moves and the count. */
import type { Collection } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import type { PlayerLink } from '../../src/db/schemas.js';
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
const LIMIT_TEXT = (n: number) => `A member holds at most **${n}** players on this server’s tier. Unlink one first.`;
const WRITES = new Set(['insertOne', 'deleteOne', 'deleteMany', 'replaceOne', 'findOneAndReplace', 'updateOne', 'findOneAndUpdate', 'findOneAndDelete']);
/** The links collection, running `hook` once around the first write made through it (before or after it). */
function hooked(col: Collection<PlayerLink>, when: 'before' | 'after', hook: () => Promise<void>): Collection<PlayerLink> {
  let fired = false;
  return new Proxy(col, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (typeof prop !== 'string' || !WRITES.has(prop)) return value.bind(target);
      return async (...args: unknown[]) => {
        const first = !fired;
        fired = true;
        if (first && when === 'before') await hook();
        const result: unknown = await value.apply(target, args);
        if (first && when === 'after') await hook();
        return result;
      };
    },
  });
}

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

  it('N links at once for a member one below the limit: exactly the limit held, the rest refused naming it', async () => {
    const g = nextGuild();
    await repo.link(g, '1', player('f'), 3);
    await repo.link(g, '1', player('g'), 3);
    const results = await Promise.all('hijklmnopq'.split('').map((n) => refusal(repo.link(g, '1', player(n), 3))));
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(results.filter((r) => r === LIMIT_TEXT(3))).toHaveLength(9);
    expect(await cols.playerLinks.countDocuments({ guildId: g, userId: '1' })).toBe(3);
  });

  it('admins’ adds, approvals and a member’s links at once stay within the limit too; a removed link makes room', async () => {
    const g = nextGuild();
    await repo.link(g, '1', player('r'), 2);
    const claims = await Promise.all(['s', 't'].map((n) => repo.claims.file(g, '1', player(n))));
    const results = await Promise.all([
      ...'uvw'.split('').map((n) => refusal(repo.move(g, '1', player(n), 2))),
      ...claims.map((c) => refusal(repo.approve(g, c.claim._id, 2))),
      ...'xyz'.split('').map((n) => refusal(repo.link(g, '1', player(n), 2))),
    ]);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(await cols.playerLinks.countDocuments({ guildId: g, userId: '1' })).toBe(2);
    const [, second] = await repo.ofMember(g, '1');
    await repo.remove(g, '1', second!.playerId);
    expect(await refusal(repo.link(g, '1', player('0'), 2))).toBeNull();
    expect(await refusal(repo.link(g, '1', player('9'), 2))).toBe(LIMIT_TEXT(2));
  });

  it('a move is one write: a member’s /link racing it never takes the player, the previous holder named', async () => {
    const g = nextGuild();
    const wolf = player('W');
    await repo.link(g, '1', wolf, 2);
    let racer: string | null | undefined;
    const racing = new LinkRepo(hooked(cols.playerLinks, 'after', async () => void (racer = await refusal(repo.link(g, '3', wolf, 2)))), cols.linkClaims);
    const { previous, added } = await racing.move(g, '2', wolf, 2);
    expect({ added, from: previous?.userId }).toEqual({ added: true, from: '1' });
    expect(racer).toMatch(/already linked|linked to/);
    expect(await cols.playerLinks.find({ guildId: g, playerId: wolf.id }).toArray()).toMatchObject([{ userId: '2' }]);
    expect(await repo.ofMember(g, '3')).toEqual([]);
  });

  it('a move whose holder changed meanwhile reads again: the member it was taken from is the one named', async () => {
    const g = nextGuild();
    const fox = player('X');
    await repo.link(g, '1', fox, 2);
    const racing = new LinkRepo(
      hooked(cols.playerLinks, 'before', async () => {
        await repo.remove(g, '1', fox.id);
        await repo.link(g, '3', fox, 2);
      }),
      cols.linkClaims,
    );
    const { previous } = await racing.move(g, '2', fox, 2);
    expect(previous?.userId).toBe('3');
    expect(await repo.byPlayer(g, fox.id)).toMatchObject({ userId: '2' });
  });
});

/**
 * The premium tier's server limit, held when adds race (two admins clicking Trust & save at once), with no
 * transaction (standalone MongoDB has none) and no counter that could drift from the servers it counts.
 *
 * An add reads the set of the guild's servers, refuses at the limit, and inserts its server with the slot
 * `<guildId>:<hash of that set>` under a unique index. Adds that saw the same set claim the same slot: one
 * insert wins, the others meet 11000, read again (now with the winner's server) and are refused at the
 * limit. An add that saw another set saw what changed it: a server saved since (counted) or one removed
 * (room made). A slot is held by its server's document only, so removing the server frees it, and a set
 * can only come back once the server holding its slot is gone. The insert is the claim: nothing is left
 * behind by a crash. Servers created before this (or by migration 004) have no slot: the index is partial.
 */
import { isSetSlotConflict, setSlotOf } from '../db/setSlots.js';
import type { GuildScopedCollection } from '../db/guildScope.js';
import type { GameServer } from '../db/schemas.js';

/** Every add lost a race this many times in a row: give up rather than spin (each loss is another add saved). */
const MAX_ATTEMPTS = 30;

/** The guild already has `count` servers, `limit` or more. */
export class ServerLimitReached extends Error {
  override readonly name = 'ServerLimitReached';
  constructor(
    readonly count: number,
    readonly limit: number,
  ) {
    super(`the guild has ${count} game servers, its limit is ${limit}`);
  }
}

export function addSlotOf(guildId: string, serverIds: readonly string[]): string {
  return setSlotOf(guildId, serverIds);
}

/** A duplicate key on the slot index (not on the name). */
export function isSlotConflict(err: unknown): boolean {
  return isSetSlotConflict(err, 'addSlot', 'add_slot');
}

/**
 * Inserts `doc` unless its guild has `limit` servers already (throws ServerLimitReached). Other errors
 * (a duplicate name) are the caller's.
 */
export async function insertWithinLimit(scope: GuildScopedCollection<GameServer>, doc: GameServer, limit: number): Promise<GameServer> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const ids = (await scope.find({}, { projection: { _id: 1 } }).toArray()).map((s) => s._id);
    if (ids.length >= limit) throw new ServerLimitReached(ids.length, limit);
    const claimed: GameServer = { ...doc, addSlot: addSlotOf(doc.guildId, ids) };
    try {
      await scope.insertOne(claimed);
      return claimed;
    } catch (err) {
      if (!isSlotConflict(err)) throw err;
    }
  }
  throw new Error(`could not add a game server to guild ${doc.guildId}: other adds kept winning`);
}

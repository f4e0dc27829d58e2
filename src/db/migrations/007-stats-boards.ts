import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import type { Logger } from '../../logger.js';
import type { PlannableMigration } from '../migrate.js';
import { refreshGuildStats, type AnyStatsDoc } from '../../ingest/guildStats.js';
import type { StatsDoc } from '../../ingest/schemas.js';
import { withBoardFields } from '../../ingest/statsModel.js';
import { ingestCollections } from '../../ingest/store.js';

const BATCH = 500;

/** Per-server documents written before boards were indexed: no `rank` (players) or `nameLower` (weapons). */
const behind = { $or: [{ type: 'player', rank: { $exists: false } }, { type: 'weapon', nameLower: { $exists: false } }] };

/**
 * Makes stored stats pageable: every per-server player document gets its board numbers (`rank`), every
 * weapon document its lower-cased name, and every player and weapon its guild-wide document
 * (src/ingest/guildStats.ts). Walks the player and weapon documents in `_id` order, 500 at a time; each
 * write is guarded (the document's `lastSeq`, the guild document's `srcSum`) and derived from what is
 * stored, so a killed run simply runs again, alongside a polling bot. Returns how many it walked.
 */
export async function backfillBoards(db: Db, logger: Logger): Promise<number> {
  const stats = ingestCollections(db).stats;
  const col = stats as unknown as Collection<AnyStatsDoc>;
  let last = '';
  let walked = 0;
  for (;;) {
    const docs = (await col.find({ _id: { $gt: last }, type: { $in: ['player', 'weapon'] } }).sort({ _id: 1 }).limit(BATCH).toArray()) as unknown as StatsDoc[];
    if (!docs.length) break;
    last = docs[docs.length - 1]!._id;
    walked += docs.length;
    const ops: AnyBulkWriteOperation<AnyStatsDoc>[] = [];
    const touched = new Map<string, { players: Set<string>; weapons: Set<string> }>();
    for (const d of docs) {
      const t = touched.get(d.guildId) ?? { players: new Set(), weapons: new Set() };
      touched.set(d.guildId, t);
      if (d.type === 'player') t.players.add(d.playerId);
      else if (d.type === 'weapon') t.weapons.add(d.weapon);
      const { rank, nameLower } = withBoardFields(structuredClone(d)) as { rank?: unknown; nameLower?: unknown };
      const set = d.type === 'player' ? { rank } : { nameLower };
      // A writer that changed the document since (lastSeq moved) set these fields itself.
      ops.push({ updateOne: { filter: { _id: d._id, lastSeq: d.lastSeq }, update: { $set: set } } });
    }
    await col.bulkWrite(ops, { ordered: false });
    for (const [guildId, t] of touched) await refreshGuildStats(stats, guildId, [...t.players], [...t.weapons]);
  }
  if (walked) logger.info({ documents: walked }, 'stats documents given their board fields and guild-wide totals');
  return walked;
}

export const statsBoards: PlannableMigration = {
  version: 7,
  name: 'stats-boards',
  async up(db, logger) {
    await backfillBoards(db, logger);
  },
  async plan(db) {
    const n = await ingestCollections(db).stats.countDocuments(behind as never);
    return { summary: `${n} stats document(s) to give board fields and guild-wide totals`, lines: n ? [`ingest_stats: ${n} player/weapon document(s) without board fields`] : [] };
  },
};

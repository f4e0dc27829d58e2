/**
 * Team kills in the batch applier (src/ingest/batchTeamKills.ts) on a real MongoDB-wire server: the hook
 * is asked once per batch, before any stats write, and its answer journaled on the pending batch; a
 * replay after a crash uses the journaled answer (a hook answering otherwise now is not asked), so the
 * team kills stay out of the all-time and window documents, per server and guild-wide, and the kills
 * hook gets them flagged (it pays nothing for them). Their posts say so, with the players' tags.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchApplier } from '../../../src/ingest/batchApplier.js';
import { guildPlayerId } from '../../../src/ingest/guildStats.js';
import { emptyLogState } from '../../../src/ingest/logModel.js';
import type { IngestCursor, PendingBatch, PlayerStats } from '../../../src/ingest/schemas.js';
import { playerDocId } from '../../../src/ingest/statsDocs.js';
import { ensureIngestIndexes, ingestCollections, type IngestCollections } from '../../../src/ingest/store.js';
import type { KillRecord } from '../../../src/ingest/types.js';
import { guildWindowDocId } from '../../../src/ingest/windowDocs.js';
import { calendarKey } from '../../../src/ingest/windows.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { logger } from '../../ingest/guildBoards.js';

const G = '1660000000000000100';
const S = 'srv-team';
const id = (c: string) => c.repeat(32);
const [A, B, C] = [id('a'), id('b'), id('c')];
const NAMES: Record<string, string> = { [A]: 'Alpha', [B]: 'Bravo', [C]: 'Charlie' };
const AT = new Date(Date.now() - 60_000);
const stamp = (sec: number) => {
  const d = new Date(AT.getTime() + sec * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}.${p(d.getUTCMonth() + 1)}.${p(d.getUTCDate())}-${p(d.getUTCHours())}.${p(d.getUTCMinutes())}.${p(d.getUTCSeconds())}`;
};
const line = (sec: number, k: string, v: string) => `${stamp(sec)};${NAMES[k]};${k};${NAMES[v]};${v};AK-SU;40;PC;PC;`;
// Alpha and Bravo are one faction: their two kills of each other are team kills.
const LINES = [line(0, A, B), line(1, A, C), line(2, B, A), line(3, C, A)];

let mongo: TestMongo;
let cols: IngestCollections;

beforeAll(async () => {
  mongo = await startMongo();
  cols = ingestCollections(mongo.db);
  await ensureIngestIndexes(cols);
});
afterAll(async () => {
  await mongo?.stop();
});

async function journaled(): Promise<IngestCursor> {
  const c = { _id: S, guildId: G, seq: 0, files: [], log: emptyLogState(), pending: null, malformed: 0, linesRead: 0, updatedAt: new Date() } as unknown as IngestCursor;
  await cols.cursors.insertOne(c);
  const pending: PendingBatch = {
    seq: 1,
    path: 'world_0/a.csv',
    kind: 'killfeed',
    generation: 0,
    fromOffset: 0,
    toOffset: 400,
    lines: LINES.map((t, i) => ({ s: i * 100, n: i + 1, t })),
    settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null, channels: { killfeed: 'chan' } },
    createdAt: new Date(),
    file: { path: 'world_0/a.csv', kind: 'killfeed', offset: 400, line: 4, size: 400, mtimeMs: 0, head: null, generation: 0 },
  } as PendingBatch;
  return new BatchApplier(cols, logger).journal(c, pending);
}

describe('team kills in a batch', () => {
  it('are decided once before the stats, journaled, and left out of every count on a replay', async () => {
    let asked = 0;
    const paid: KillRecord[] = [];
    const teamKillsOf = async (_g: string, kills: readonly { eventId: string; killerId: string; victimId: string }[]) => {
      asked++;
      return kills.filter((k) => [k.killerId, k.victimId].every((p) => p === A || p === B)).map((k) => k.eventId);
    };
    const crash = (s: string) => {
      if (s === 'stats') throw new Error('crash');
    };
    await expect(new BatchApplier(cols, logger, { teamKillsOf, onStep: crash }).apply(await journaled())).rejects.toThrow('crash');
    const pending = (await cols.cursors.findOne({ _id: S }))!.pending!;
    expect(pending.teamKills).toHaveLength(2);
    expect(asked).toBe(1);

    // The replay: a hook that would now say "none" is not asked; the journaled answer stands.
    const tags = new Map([[A, 'WOLF']]);
    const outcome = await new BatchApplier(cols, logger, {
      teamKillsOf: async () => {
        asked++;
        return [];
      },
      onKills: async (_g, _s, kills) => void paid.push(...kills),
      factionTagsOf: async () => tags,
    }).apply((await cols.cursors.findOne({ _id: S }))!);
    expect(asked).toBe(1);
    const doc = async (docId: string) => (await cols.stats.findOne({ _id: docId })) as unknown as PlayerStats;
    for (const docId of [playerDocId(S, A), guildPlayerId(G, A)]) expect([(await doc(docId)).kills, (await doc(docId)).deaths]).toEqual([1, 1]);
    expect(await doc(playerDocId(S, B))).toBeNull(); // Bravo only ever took part in team kills
    const key = calendarKey('today', AT, 'UTC');
    const w = await cols.windows.findOne({ _id: guildWindowDocId(G, key, A) });
    expect([w?.kills, w?.deaths]).toEqual([1, 1]);
    expect(await cols.windows.findOne({ _id: guildWindowDocId(G, key, B) })).toBeNull();
    expect(paid.map((k) => [NAMES[k.killerId], k.teamKill ?? false])).toEqual([
      ['Alpha', true],
      ['Alpha', false],
      ['Bravo', true],
      ['Charlie', false],
    ]);
    expect((await cols.killEvents.find({ teamKill: true }).toArray()).map((e) => e.killerName)).toEqual(['Alpha', 'Bravo']);
    // The posts: two team kills (no streak or K/D), Alpha's name tagged.
    expect(outcome.outboxWritten).toBeGreaterThan(0);
    const bodies = (await cols.outbox.find({ serverId: S }).toArray()).flatMap((m) => (m.body as { embeds: { title?: string; description?: string; fields?: { name: string }[] }[] }).embeds);
    const team = bodies.filter((e) => e.description?.startsWith('🤝 Team kill'));
    expect(team.map((e) => e.title)).toEqual(['\\[WOLF\\] Alpha killed Bravo', 'Bravo killed \\[WOLF\\] Alpha']);
    expect(team[0]!.description).toBe('🤝 Team kill: both in **[WOLF]**. It counts no kill, no death and pays nothing.');
    expect(team.every((e) => !e.fields?.some((f) => f.name === 'K/D'))).toBe(true);
    expect(bodies.filter((e) => e.fields?.some((f) => f.name === 'K/D'))).toHaveLength(2);
  });
});

/**
 * The Steam query's state in `game_servers.query`: which servers are due, the claim that lets one process
 * ask per interval, and the down/up turns, each a conditional update so only one writer wins (and posts).
 */
import type { Collection } from 'mongodb';
import type { QueryState } from '../db/gameServerSchemas.js';
import type { GameServer } from '../db/schemas.js';

export type QueryAnswer = Pick<QueryState, 'online' | 'max' | 'name' | 'map' | 'version'>;

const EMPTY: Omit<QueryState, 'nextAt'> = { lastAnswerAt: null, online: null, max: null, name: null, map: null, version: null, misses: 0, down: false, downSince: null, refused: false };

/** A state still there: an answer that lands after a reset (the port changed meanwhile) is dropped. */
const held = (id: string) => ({ _id: id, 'query.nextAt': { $exists: true } });

export class QueryStore {
  constructor(private readonly col: Collection<GameServer>) {}

  /** Servers with a query port whose turn has come (never asked first), the longest waiting first. */
  async due(now: Date, limit: number): Promise<GameServer[]> {
    return this.col
      .find({ 'settings.queryPort': { $gte: 1 }, $or: [{ query: null }, { 'query.nextAt': { $lte: now } }] })
      .sort({ 'query.nextAt': 1 })
      .limit(limit)
      .toArray();
  }

  /** Takes the server's turn until `until`; false when another process took it first, or its port changed. */
  async claim(s: GameServer, until: Date): Promise<boolean> {
    // The port read must still be set: a claim racing a change of it (or its removal) loses.
    const mine = { _id: s._id, 'settings.queryPort': s.settings.queryPort };
    const filter = s.query ? { ...mine, 'query.nextAt': s.query.nextAt } : { ...mine, query: null };
    const fresh: QueryState = { ...EMPTY, nextAt: until };
    const result = s.query ? await this.col.updateOne(filter, { $set: { 'query.nextAt': until } }) : await this.col.updateOne(filter, { $set: { query: fresh } });
    return result.modifiedCount === 1;
  }

  async answered(id: string, answer: QueryAnswer, at: Date): Promise<void> {
    await this.col.updateOne(held(id), { $set: { 'query.online': answer.online, 'query.max': answer.max, 'query.name': answer.name, 'query.map': answer.map, 'query.version': answer.version, 'query.lastAnswerAt': at, 'query.misses': 0, 'query.refused': false } });
  }

  async missed(id: string, misses: number): Promise<void> {
    await this.col.updateOne(held(id), { $set: { 'query.misses': misses, 'query.refused': false } });
  }

  async refused(id: string): Promise<void> {
    await this.col.updateOne(held(id), { $set: { 'query.refused': true } });
  }

  /** Marks the server down; true for the one caller that changed it (it posts). */
  async wentDown(id: string, at: Date): Promise<boolean> {
    return (await this.col.updateOne({ _id: id, 'query.down': false }, { $set: { 'query.down': true, 'query.downSince': at } })).modifiedCount === 1;
  }

  /** Marks the server up again; true for the one caller that changed it (it posts). */
  async cameBack(id: string): Promise<boolean> {
    return (await this.col.updateOne({ _id: id, 'query.down': true }, { $set: { 'query.down': false, 'query.downSince': null } })).modifiedCount === 1;
  }

  /** Forgets the state (the query port changed or was cleared): the next query starts afresh. */
  async reset(guildId: string, id: string): Promise<void> {
    await this.col.updateOne({ _id: id, guildId }, { $unset: { query: '' } });
  }
}

import type { Db } from 'mongodb';
import type { Logger } from '../../logger.js';

/**
 * A versioned data migration. `up` must be idempotent: a process killed half-way re-runs it from the
 * start, since MongoDB standalone servers have no transactions to make it atomic.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Db, logger: Logger): Promise<void>;
}

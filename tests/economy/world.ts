/** The economy over a MongoDB-wire server, emptied before each test: shared by the economy test files. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { Economy } from '../../src/economy/economy.js';
import { createLogger } from '../../src/logger.js';
import { MemberStatsRepo } from '../../src/repos/memberStatsRepo.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

export interface EconomyWorld {
  mongo: TestMongo;
  cols: Collections;
  economy: Economy;
  /** What /daily and /shop need: the economy, member stats and the ledger. */
  deps: { economy: Economy; memberStats: MemberStatsRepo; ledger: Collections['creditLedger'] };
}

/** Registers the hooks of the current suite; the world's fields are set once `beforeAll` ran. */
export function useEconomyWorld(): EconomyWorld {
  const world = {} as EconomyWorld;
  beforeAll(async () => {
    world.mongo = await startMongo();
    world.cols = collections(world.mongo.db);
    await ensureIndexes(world.cols);
    world.economy = new Economy({ cols: { ledger: world.cols.creditLedger, balances: world.cols.creditBalances }, logger: createLogger('silent') });
    world.deps = { economy: world.economy, memberStats: new MemberStatsRepo(world.cols.memberStats), ledger: world.cols.creditLedger };
  });
  afterAll(() => world.mongo?.stop());
  beforeEach(async () => {
    await world.cols.creditLedger.deleteMany({});
    await world.cols.creditBalances.deleteMany({});
    await world.cols.memberStats.deleteMany({});
  });
  return world;
}

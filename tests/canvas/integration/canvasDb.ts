/**
 * What the CanvasService test files share: a MongoDB-wire server per file (jongodb, or MONGODB_TEST_URI),
 * a fresh guild per test, the premium tier the services see, and services to test with. `useCanvasDb()`
 * registers the hooks; `cols`, `mongo` and `G` are live bindings, current inside a test.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import pino from 'pino';
import { MongoClient } from 'mongodb';
import type { RenderCache } from '../../../src/canvas/renderCache.js';
import { CanvasService, type PixelPlacedEvent } from '../../../src/canvas/service.js';
import { collections, ensureIndexes, type Collections } from '../../../src/db/collections.js';
import { UserError } from '../../../src/errors.js';
import type { TierName } from '../../../src/premium/tiers.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';

export const silent = pino({ level: 'silent' });
export const RED = 0xe50000;
export const BLUE = 0x0083c7;
export const GREEN = 0x02be01;
export const WHITE = 0xffffff;

export let mongo: TestMongo;
export let cols: Collections;
/** The guild of the running test. */
export let G: string;
let tier: TierName = 'free';
let guildSeq = 0;

/** The tier every service of the running test sees (reset to free before each test). */
export function setTier(t: TierName): void {
  tier = t;
}

export function useCanvasDb(): void {
  beforeAll(async () => {
    mongo = await startMongo();
    cols = collections(mongo.db);
    await ensureIndexes(cols);
  });
  afterAll(() => mongo?.stop());
  beforeEach(() => {
    tier = 'free';
    G = `30000000000000${String(++guildSeq).padStart(4, '0')}`;
  });
}

type Extra = { onPixelPlaced?: (e: PixelPlacedEvent) => Promise<void>; renderCache?: RenderCache };

export function service(extra: Extra = {}): CanvasService {
  return new CanvasService({ cols, tierOf: async () => tier, logger: silent, ...extra });
}

/** A service ("another process") on a client of its own that records the commands it sends as `command collection`. */
export async function monitoredService(extra: Extra = {}) {
  const client = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
  const commands: string[] = [];
  client.on('commandStarted', (e) => {
    const target = (e.command as Record<string, unknown>)[e.commandName];
    commands.push(`${e.commandName} ${typeof target === 'string' ? target : ''}`.trim());
  });
  const canvas = new CanvasService({ cols: collections(client.db()), tierOf: async () => tier, logger: silent, ...extra });
  return { canvas, commands, close: () => client.close() };
}

/** The UserError a promise rejects with. */
export async function rejection(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

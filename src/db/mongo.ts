import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';
import type { Logger } from '../logger.js';

export interface ConnectOptions {
  attempts?: number;
  baseDelayMs?: number;
  clientOptions?: MongoClientOptions;
}

/** Strips credentials from a MongoDB URI so it can be logged. */
export function redactMongoUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//[redacted]@');
}

/**
 * One MongoClient for the process. Retries with exponential backoff so a bot started alongside its
 * database waits for it; after the last attempt the error says which host was unreachable.
 */
export async function connectMongo(uri: string, logger: Logger, options: ConnectOptions = {}): Promise<{ client: MongoClient; db: Db }> {
  const attempts = options.attempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 500;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000, appName: 'tower-of-temptation', ...options.clientOptions });
    try {
      await client.connect();
      await client.db().command({ ping: 1 });
      return { client, db: client.db() };
    } catch (err) {
      lastError = err;
      await client.close().catch(() => undefined);
      if (attempt === attempts) break;
      const delay = Math.min(baseDelayMs * 2 ** (attempt - 1), 10_000);
      logger.warn({ attempt, attempts, delayMs: delay, err: (err as Error).message }, 'MongoDB not reachable yet, retrying');
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  throw new Error(`MongoDB is unreachable at ${redactMongoUri(uri)} after ${attempts} attempts: ${(lastError as Error)?.message ?? lastError}`, {
    cause: lastError,
  });
}

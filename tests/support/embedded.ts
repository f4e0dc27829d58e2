/** Helpers for tests of the embedded MongoDB wiring with the stand-in mongod (tests/support/fake-mongod.ts). */
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeMongodRecord } from './fake-mongod.js';

export type { FakeMongodRecord };

/** The executable to put in MONGOMS_SYSTEM_BINARY. */
export const FAKE_MONGOD = join(import.meta.dirname, 'fake-mongod');
// A checkout without file modes (an archive, a copy) would lose the executable bit.
chmodSync(FAKE_MONGOD, 0o755);

/** Environment that makes mongodb-memory-server-core run the stand-in and record into `recordFile`. */
export function fakeMongodEnv(recordFile: string): Record<string, string> {
  return { MONGOMS_SYSTEM_BINARY: FAKE_MONGOD, FAKE_MONGOD_NODE: process.execPath, FAKE_MONGOD_RECORD: recordFile };
}

/** Every start and stop the stand-in recorded, in order. */
export function readRecords(recordFile: string): FakeMongodRecord[] {
  if (!existsSync(recordFile)) return [];
  return readFileSync(recordFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FakeMongodRecord);
}

export function argOf(record: FakeMongodRecord, name: string): string | undefined {
  const i = record.argv.indexOf(name);
  return i === -1 ? undefined : record.argv[i + 1];
}

export function pidAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

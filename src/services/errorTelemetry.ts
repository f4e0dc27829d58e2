import { isDuplicateKey } from '../db/duplicateKey.js';
import { createHash, randomInt } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { ErrorRecord } from '../db/schemas.js';
import type { ErrorCategory } from '../errors.js';
import type { Logger } from '../logger.js';

const ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U to misread

export function newErrorId(): string {
  let id = 'E-';
  for (let i = 0; i < 4; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export interface ErrorContext {
  guildId?: string | null;
  userId?: string | null;
  command?: string | null;
  category?: ErrorCategory;
}

/**
 * Records failures so admins and operators can look them up by the id the member was shown.
 * Messages and stacks are scrubbed of every known secret (the bot token, the secrets key, stored
 * passwords it was told about) and of anything shaped like a credential before they are stored or logged.
 */
export class ErrorTelemetry {
  private readonly secrets = new Set<string>();

  constructor(
    private readonly collection: Collection<ErrorRecord>,
    private readonly logger: Logger,
    secrets: Iterable<string> = [],
  ) {
    for (const s of secrets) this.addSecret(s);
  }

  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('[redacted]');
    return out
      .replace(/(password|passwd|pwd|token|secret|authorization)(["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi, '$1$2[redacted]')
      .replace(/mongodb(\+srv)?:\/\/[^@\s/]*@/g, 'mongodb$1://[redacted]@');
  }

  /** Groups the same failure across occurrences: error name, message without numbers/ids, top frame. */
  fingerprint(err: Error): string {
    const normalized = err.message.replace(/\b[0-9a-f]{8,}\b/gi, '<id>').replace(/\d+/g, '<n>');
    const frame = err.stack?.split('\n').find((l) => l.trim().startsWith('at '))?.trim() ?? '';
    return createHash('sha1').update(`${err.name}|${normalized}|${frame}`).digest('hex').slice(0, 12);
  }

  async record(error: unknown, context: ErrorContext = {}): Promise<string> {
    const err = error instanceof Error ? error : new Error(String(error));
    const base = {
      guildId: context.guildId ?? null,
      userId: context.userId ?? null,
      command: context.command ?? null,
      category: context.category ?? 'internal',
      fingerprint: this.fingerprint(err),
      name: err.name,
      message: this.scrub(err.message),
      stack: err.stack ? this.scrub(err.stack) : undefined,
      at: new Date(),
    };
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = newErrorId();
      try {
        await this.collection.insertOne({ _id: id, ...base });
        this.logger.error({ errorId: id, ...base, stack: undefined }, 'interaction failed');
        return id;
      } catch (insertErr) {
        if (isDuplicateKey(insertErr)) continue; // id taken: draw another
        // The database is down: still give the member an id that matches the log line.
        this.logger.error({ errorId: id, ...base, telemetryError: (insertErr as Error).message }, 'interaction failed (telemetry not stored)');
        return id;
      }
    }
    const id = newErrorId();
    this.logger.error({ errorId: id, ...base }, 'interaction failed (no free error id)');
    return id;
  }

  find(id: string): Promise<ErrorRecord | null> {
    return this.collection.findOne({ _id: id.trim().toUpperCase() });
  }

  /** Failures since `since`, grouped by fingerprint, most recent first; `guildId` null = every guild. */
  async recent(guildId: string | null, since: Date, limit = 10): Promise<ErrorGroup[]> {
    const match = guildId === null ? { at: { $gte: since } } : { guildId, at: { $gte: since } };
    return this.collection
      .aggregate<ErrorGroup>([
        { $match: match },
        { $sort: { at: -1 } },
        {
          $group: {
            _id: '$fingerprint',
            count: { $sum: 1 },
            lastId: { $first: '$_id' },
            lastAt: { $first: '$at' },
            command: { $first: '$command' },
            name: { $first: '$name' },
            message: { $first: '$message' },
          },
        },
        { $sort: { lastAt: -1 } },
        { $limit: limit },
      ])
      .toArray();
  }

  /** How often this failure happened (in a guild, or everywhere). */
  occurrences(fingerprint: string, guildId: string | null): Promise<number> {
    return this.collection.countDocuments(guildId === null ? { fingerprint } : { fingerprint, guildId });
  }
}

export interface ErrorGroup {
  _id: string; // fingerprint
  count: number;
  lastId: string;
  lastAt: Date;
  command: string | null;
  name: string;
  message: string;
}

import { randomBytes } from 'node:crypto';
import { isDuplicateKey } from '../db/duplicateKey.js';
import type { Collection } from 'mongodb';
import { auditEntrySchema, type AuditEntry, type AuditKind } from '../db/auditSchemas.js';
import type { Logger } from '../logger.js';
import type { AuditAction } from './actions.js';
import { cut, scrubChanges } from './scrub.js';

export { AUDIT_KINDS, type AuditKind } from '../db/auditSchemas.js';
export { AUDIT_ACTIONS, type AuditAction } from './actions.js';

/** Days an entry is kept: the TTL index `expire_180d` (src/db/collections.ts) says it too. */
export const AUDIT_RETENTION_DAYS = 180;
/** Entries on one /audit page. */
export const AUDIT_PAGE_SIZE = 10;
/** The largest page a caller may ask for. */
export const AUDIT_MAX_PAGE_SIZE = 25;
/** Entries a listing counts and pages through at most (newest first): a count or skip never walks further. */
export const AUDIT_MAX_LISTED = 5_000;

/** One admin action as a caller records it: secrets in `changes` are dropped by the log, not by the caller. */
export interface AuditRecord {
  guildId: string;
  actorId: string | null;
  kind: AuditKind;
  /** One of AUDIT_ACTIONS: each has words in the catalog (./actions.ts). */
  action: AuditAction;
  target?: string | null;
  changes?: AuditChanges;
  /**
   * The entry's id when its cause has one of its own (a kick's log event id): recording it again (a
   * replayed batch) is then a no-op. Absent: a new random id.
   */
  id?: string;
}

/** What changed, by name: scalars only (an undefined value is left out). */
export type AuditChanges = Record<string, string | number | boolean | null | undefined>;

/** An entry as stored: its action may be one this version no longer records (or a newer version's). */
export type AuditListed = Omit<AuditRecord, 'action' | 'changes'> & { _id: string; action: string; at: Date; changes?: Record<string, string | number | boolean | null> };

export interface AuditPage {
  entries: AuditListed[];
  total: number;
  /** The page shown (the asked one clamped to the pages there are), from 0. */
  current: number;
}

/** Clamps a page number to [0, last page]; pages of an empty list is 0. */
export function clampPage(page: number, total: number, pageSize: number): number {
  const last = Math.max(0, Math.ceil(total / pageSize) - 1);
  return Math.min(Math.max(0, Math.floor(Number.isFinite(page) ? page : 0)), last);
}

/** The guild's record of admin actions (`audit_log`), newest first. */
export class AuditLog {
  constructor(
    private readonly collection: Collection<AuditEntry>,
    private readonly logger: Logger,
  ) {}

  /** Stores one entry. Never throws: the admin's action already happened, a lost entry is only logged. */
  async record(entry: AuditRecord): Promise<void> {
    try {
      const changes = scrubChanges(entry.changes);
      const doc = auditEntrySchema.parse({
        _id: entry.id ?? randomBytes(9).toString('base64url'),
        guildId: entry.guildId,
        actorId: entry.actorId,
        kind: entry.kind,
        action: cut(entry.action, 64),
        ...(entry.target != null ? { target: cut(entry.target) } : {}),
        ...(changes ? { changes } : {}),
        at: new Date(),
      });
      await this.collection.insertOne(doc);
    } catch (err) {
      // The same cause recorded before (a replay): already there.
      if (entry.id && isDuplicateKey(err)) return;
      this.logger.warn({ guildId: entry.guildId, action: entry.action, err: (err as Error).message }, 'audit entry not recorded');
    }
  }

  /** An entry by the member acting in a guild interaction (its guild, its user). */
  recordBy(interaction: { guildId: string; user: { id: string } }, kind: AuditKind, action: AuditAction, target?: string | null, changes?: AuditChanges): Promise<void> {
    return this.record({ guildId: interaction.guildId, actorId: interaction.user.id, kind, action, target: target ?? null, ...(changes ? { changes } : {}) });
  }

  /** One page of the guild's entries, newest first, optionally one actor's or one kind's (an indexed range). */
  async page(guildId: string, filter: { actorId?: string; kind?: AuditKind }, page: number, pageSize = AUDIT_PAGE_SIZE): Promise<AuditPage> {
    const size = Math.min(Math.max(1, Math.floor(pageSize)), AUDIT_MAX_PAGE_SIZE);
    const query = { guildId, ...(filter.actorId ? { actorId: filter.actorId } : {}), ...(filter.kind ? { kind: filter.kind } : {}) };
    const total = await this.collection.countDocuments(query, { limit: AUDIT_MAX_LISTED });
    const current = clampPage(page, total, size);
    const docs = total
      ? await this.collection.find(query).sort({ at: -1, _id: -1 }).skip(current * size).limit(size).toArray()
      : [];
    const entries = docs.map((d) => {
      const e = auditEntrySchema.parse(d);
      return { _id: e._id, guildId: e.guildId, actorId: e.actorId, kind: e.kind, action: e.action, target: e.target ?? null, ...(e.changes ? { changes: e.changes } : {}), at: e.at };
    });
    return { entries, total, current };
  }
}

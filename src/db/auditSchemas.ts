import { z } from 'zod';

/** What an audit entry is about: /audit kind: filters on it (one choice per kind). */
export const AUDIT_KINDS = ['servers', 'channels', 'settings', 'links', 'economy', 'canvas', 'seasons', 'premium', 'boards', 'kicks', 'flags'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

const changeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * One admin action (`audit_log`): who, when, what and what changed, never a secret (src/audit/scrub.ts).
 * Written once, never changed; a TTL index removes it after AUDIT_RETENTION_DAYS.
 */
export const auditEntrySchema = z.object({
  _id: z.string(),
  guildId: z.string(),
  /** The member who acted; null for the bot itself (e.g. a kick read from a server's log). */
  actorId: z.string().nullable(),
  kind: z.enum(AUDIT_KINDS),
  /** A short id shown through the catalog (`audit.action.<action>`), e.g. `server.add`. */
  action: z.string(),
  target: z.string().nullable().optional(),
  changes: z.record(z.string(), changeValue).optional(),
  at: z.date(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

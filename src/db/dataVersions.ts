/**
 * Document versions. Every document the bot writes through `collections()` or `ingestCollections()`
 * carries `dataVersion`, the version of its collection's shape in the process that created it. Rules:
 * - A version step is additive: version N adds or normalises fields, never removes or retypes one, so
 *   a process still on N-1 (a rolling upgrade) reads N's documents and ignores what it does not know
 *   (zod objects strip unknown keys).
 * - The process on N reads N-1 documents through `UPGRADES[collection]`, applied on read (findOne, find,
 *   findOneAnd*); an upgrade must be pure, idempotent and tolerate projections (a field may be absent).
 * - A document without `dataVersion` is version 1 (written before versions existed).
 * - Migration 006 stamps and upgrades stored documents in batches; a later step adds a migration the
 *   same way (`stampDataVersions` with the collections whose version rose).
 */
import type { Collection, Document } from 'mongodb';
import { normalisePlayerName } from './schemas.js';

export const DATA_VERSION_FIELD = 'dataVersion';

/** The current document version of every collection (keys of Collections and IngestCollections). */
export const DATA_VERSIONS = {
  guildConfigs: 1,
  memberStats: 1,
  errors: 1,
  legacyErrors: 1,
  migrations: 1,
  locks: 1,
  meta: 1,
  // 2: `playerNameLower`, the name trimmed, NFKC-normalised and lower-cased (matches ingest stats' nameLower).
  playerLinks: 2,
  linkClaims: 1,
  gameServers: 1,
  pendingServers: 1,
  canvasBoards: 1,
  canvasLog: 1,
  canvasCooldowns: 1,
  canvasBans: 1,
  creditLedger: 1,
  creditBalances: 1,
  premiumChanges: 1,
  serverLeases: 1,
  cursors: 1,
  stats: 1,
  outbox: 1,
  feedHolds: 1,
  windows: 1,
  killEvents: 1,
  playtime: 1,
  seasons: 1,
  wipePrompts: 1,
  guildDepartures: 1,
  boards: 1,
  statusBoards: 1,
  auditLog: 1,
  gameHands: 1,
  factions: 1,
  factionMembers: 1,
  bounties: 1,
} as const;

export type VersionedCollection = keyof typeof DATA_VERSIONS;

/** Maps a document of version N-1 to N, per collection at version N > 1. */
export type Upgrade = (doc: Document) => Document;

export const UPGRADES: Partial<Record<VersionedCollection, Upgrade>> = {
  playerLinks: (doc) => (typeof doc.playerName === 'string' && doc.playerNameLower === undefined ? { ...doc, playerNameLower: normalisePlayerName(doc.playerName) } : doc),
};

const versionOf = (doc: Document): number => (typeof doc[DATA_VERSION_FIELD] === 'number' ? (doc[DATA_VERSION_FIELD] as number) : 1);

/** A stored document brought to `current` (the same object when it already is). */
export function upgradeDocument<D extends Document | null | undefined>(doc: D, current: number, upgrade: Upgrade | undefined): D {
  if (!doc || !upgrade || versionOf(doc) >= current) return doc;
  // Only one step is kept in the table: N-2 documents are stamped by the previous step's migration first.
  return upgrade(doc) as D;
}

type AnyDoc = Record<string, unknown>;

function stampUpdate(update: unknown, version: number): unknown {
  // An aggregation-pipeline update: set the version only where the document has none.
  if (Array.isArray(update)) return [...update, { $set: { [DATA_VERSION_FIELD]: { $ifNull: [`$${DATA_VERSION_FIELD}`, version] } } }];
  const u = (update ?? {}) as AnyDoc;
  return { ...u, $setOnInsert: { ...(u.$setOnInsert as AnyDoc | undefined), [DATA_VERSION_FIELD]: version } };
}

const stamped = (doc: unknown, version: number): AnyDoc => ({ ...(doc as AnyDoc), [DATA_VERSION_FIELD]: version });

/** Copies back the `_id` the driver gave a copy, as it would have on the caller's own document. */
function keepId(original: unknown, copy: AnyDoc): void {
  if (original && typeof original === 'object' && (original as AnyDoc)._id === undefined && copy._id !== undefined) (original as AnyDoc)._id = copy._id;
}

type Op = Record<string, { filter?: unknown; update?: unknown; upsert?: boolean; document?: unknown; replacement?: unknown }>;

function stampOp(op: Op, version: number): Op {
  if (op.insertOne) return { insertOne: { ...op.insertOne, document: stamped(op.insertOne.document, version) } };
  if (op.replaceOne) return { replaceOne: { ...op.replaceOne, replacement: stamped(op.replaceOne.replacement, version) } };
  for (const kind of ['updateOne', 'updateMany'] as const) {
    const o = op[kind];
    if (o?.upsert) return { [kind]: { ...o, update: stampUpdate(o.update, version) } };
  }
  return op;
}

/**
 * The driver collection with `dataVersion` added on every write that can create a document and the
 * upgrade applied on read. The same calls, the same round trips: only arguments and results change.
 */
export function versioned<T extends Document>(collection: Collection<T>, key: VersionedCollection): Collection<T> {
  const version = DATA_VERSIONS[key];
  const upgrade = UPGRADES[key];
  const up = <D>(doc: D): D => upgradeDocument(doc as Document | null, version, upgrade) as D;
  const c = collection as unknown as Record<string, (...args: unknown[]) => unknown>;
  const call = (name: string, args: unknown[]) => c[name]!.apply(collection, args);
  const overrides: Record<string, (...args: unknown[]) => unknown> = {
    insertOne: async (doc, ...rest) => {
      const copy = stamped(doc, version);
      const result = await call('insertOne', [copy, ...rest]);
      keepId(doc, copy);
      return result;
    },
    insertMany: async (docs, ...rest) => {
      const copies = (docs as unknown[]).map((d) => stamped(d, version));
      const result = await call('insertMany', [copies, ...rest]);
      (docs as unknown[]).forEach((d, i) => keepId(d, copies[i]!));
      return result;
    },
    bulkWrite: (ops, ...rest) => call('bulkWrite', [(ops as Op[]).map((op) => stampOp(op, version)), ...rest]),
    updateOne: (filter, update, options) => call('updateOne', [filter, (options as AnyDoc | undefined)?.upsert ? stampUpdate(update, version) : update, options]),
    updateMany: (filter, update, options) => call('updateMany', [filter, (options as AnyDoc | undefined)?.upsert ? stampUpdate(update, version) : update, options]),
    replaceOne: (filter, doc, ...rest) => call('replaceOne', [filter, stamped(doc, version), ...rest]),
    findOneAndUpdate: async (filter, update, options) => {
      const result = await call('findOneAndUpdate', [filter, (options as AnyDoc | undefined)?.upsert ? stampUpdate(update, version) : update, options]);
      return (options as AnyDoc | undefined)?.includeResultMetadata ? result : up(result);
    },
  };
  if (upgrade) {
    Object.assign(overrides, {
      findOne: async (...args: unknown[]) => up(await call('findOne', args)),
      find: (...args: unknown[]) => (call('find', args) as { map(f: (d: unknown) => unknown): unknown }).map(up),
      findOneAndDelete: async (filter: unknown, options?: AnyDoc) => {
        const result = await call('findOneAndDelete', [filter, options]);
        return options?.includeResultMetadata ? result : up(result);
      },
    });
  }
  return new Proxy(collection, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && Object.hasOwn(overrides, prop)) return overrides[prop];
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

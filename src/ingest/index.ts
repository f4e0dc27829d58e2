/** Deadside log ingestion: incremental SFTP reading, exactly-once stats, feed outbox, player-count names, polling. */
export { IngestEngine, type IngestEngineOptions, type IngestFigures } from './engine.js';
export { ingestTargetSchema, type IngestProgress, type IngestTarget, type KillRecord, type KillsHook, type PollReport, type RemoteFiles, type RestLike } from './types.js';
export { ingestCollections, ensureIngestIndexes, INGEST_COLLECTION_NAMES, type IngestCollections } from './store.js';
export * from './schemas.js';
export { playerDocId, weaponDocId, serverDocId, topCount } from './statsModel.js';
export { playerCountName } from './logModel.js';
export type { BacklogFile } from './serverIngestor.js';

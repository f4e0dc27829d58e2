/** Pure parsers and helpers for Deadside server files (no I/O). */
export * from './killfeed.js';
export * from './serverLog.js';
export * from './playerCount.js';
export * from './lineSplitter.js';
export * from './paths.js';
export * from './eventId.js';
export * from './missions.js';
export * from './weapons.js';

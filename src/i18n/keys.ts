import type { en } from './en/index.js';
import type { ArgsOfEntry, ParamsOfEntry } from './types.js';

export type English = typeof en;
export type MessageKey = keyof English & string;
export type MessageParams<K extends MessageKey> = ParamsOfEntry<English[K]>;
export type MessageArgs<K extends MessageKey> = ArgsOfEntry<English[K]>;

/** Keys whose text takes no parameters (command and option descriptions, labels). */
export type PlainKey = { [K in MessageKey]: MessageArgs<K> extends [] ? K : never }[MessageKey];

import type { MessageArgs, MessageKey, PlainKey } from './keys.js';
import type { Msg, Param } from './types.js';

/** A message to be put in words later, in the reader's language: `msg('server.notFound', { name })`. */
export function msg<K extends MessageKey>(key: K, ...args: MessageArgs<K>): Msg {
  const params = args[0] as Readonly<Record<string, Param>> | undefined;
  return params ? { key, params, __msg: true } : { key, __msg: true };
}

export function isMsg(value: unknown): value is Msg {
  return typeof value === 'object' && value !== null && (value as { __msg?: unknown }).__msg === true;
}

/** A message without parameters, where the key is only known as a `PlainKey` (declared descriptions). */
export function plain(key: PlainKey): Msg {
  return { key, __msg: true };
}

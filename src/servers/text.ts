/**
 * Messages made of messages: lines and "A, B and C" lists whose parts are `Msg`s, so the whole is put in
 * the reader's language at once (the joining words are catalog entries too).
 */
import { msg } from '../i18n/message.js';
import type { Msg } from '../i18n/types.js';

/** The messages one per line; `fallback` when there are none. */
export function joinLines(parts: readonly Msg[], fallback: Msg = msg('server.join.none')): Msg {
  const [first, ...rest] = parts;
  if (!first) return fallback;
  return rest.reduce((all, next) => msg('server.join.lines', { first: all, next }), first);
}

/** "A", "A and B", "A, B and C". */
export function andList(items: readonly Msg[]): Msg {
  if (items.length <= 1) return items[0] ?? msg('server.join.none');
  const head = items.slice(0, -1).reduce((all, next) => msg('server.join.comma', { first: all, next }));
  return msg('server.join.and', { first: head, last: items.at(-1)! });
}

import { z } from 'zod';
import { CATALOGS } from './catalogs.js';
import type { Msg } from './types.js';

/**
 * A message kept in MongoDB (a server's last error): its key and parameters, put in words when shown,
 * in the reader's language. A key a later version dropped reads as absent: the caller shows its English copy.
 */
export const storedMsgSchema = z.object({ key: z.string(), params: z.record(z.string(), z.unknown()).optional() }).transform((m) => ({ ...m, __msg: true }) as Msg);

export function known(message: Msg | null | undefined): message is Msg {
  return !!message && Object.hasOwn(CATALOGS.en, message.key);
}

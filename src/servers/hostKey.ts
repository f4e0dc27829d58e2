/**
 * A host key that changed, in words: the pinned and presented key fields of the /server test prompt and
 * the admins' alert. Its record and the guard of every command connection are in ./hostKeyGuard.ts, the
 * error commands show in ./refusals.ts.
 */
import type { APIEmbedField } from 'discord.js';
import type { GameServer } from '../db/schemas.js';
import type { Translator } from '../i18n/translate.js';

/** The pinned key and the one the host presents, side by side (`presentedLabel`: "Presented" or "Presented now"). */
export function keyChangeFields(
  server: GameServer,
  presented: string,
  t: Translator,
  presentedLabel: 'server.field.presented' | 'server.field.presentedNow',
): APIEmbedField[] {
  return [
    { name: t.t('server.field.pinned'), value: `\`${server.hostKeyFingerprint}\`` },
    { name: t.t(presentedLabel), value: `\`${presented}\`` },
  ];
}

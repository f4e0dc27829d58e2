/** The Steam query's line of a server in `/server list`: players and map, down since, refused or waiting. */
import type { GameServer } from '../db/schemas.js';
import { shownName } from '../discord/limits.js';
import type { Translator } from '../i18n/translate.js';

const unix = (d: Date) => String(Math.floor(d.getTime() / 1000));

/** No line for a server without a query port. */
export function queryLines(s: GameServer, t: Translator): string[] {
  const port = s.settings.queryPort;
  if (!port) return [];
  const q = s.query;
  if (q?.down && q.downSince) return [t.t('query.list.down', { at: unix(q.downSince) })];
  if (q?.refused) return [t.t('query.list.refused')];
  if (!q?.lastAnswerAt) return [t.t('query.list.waiting', { port: String(port) })];
  return [t.t('query.list.up', { online: q.online ?? 0, max: q.max ?? 0, map: shownName(q.map ?? '?', 60), version: shownName(q.version ?? '?', 40), at: unix(q.lastAnswerAt) })];
}

/**
 * The admins' line for what the listing bounds leave out (listingLimits.ts): worlds past MAX_WORLDS,
 * CSVs past MAX_FILES_PER_WORLD, worlds not fully listed yet. A pure function of the tree's state, so
 * it is stable while nothing changes and the ingestor logs it once per change.
 */
import path from 'node:path';
import { msg } from '../i18n/message.js';
import type { Msg } from '../i18n/types.js';
import { MAX_FILES_PER_WORLD, MAX_WORLDS } from './listingLimits.js';

const posix = path.posix;

/** What the notice reads of one considered world (RemoteTree's World). */
export interface ListedWorld {
  dir: string;
  /** Null until first listed. */
  csvs: readonly unknown[] | null;
  due: boolean;
  complete: boolean;
  beyond: number;
}

/** `worldsSeen`/`worldsBeyond`: world folders found, and left out, at the last deathlogs listing. */
export function listingNotice(worldsSeen: number, worldsBeyond: number, worlds: readonly ListedWorld[]): Msg | null {
  const parts: Msg[] = [];
  if (worldsBeyond > 0) parts.push(msg('feed.listing.worlds', { count: worldsSeen, max: MAX_WORLDS }));
  const cut = worlds.filter((w) => w.csvs && (w.beyond > 0 || (!w.complete && !w.due)));
  for (const w of cut.slice(0, 2)) {
    const world = posix.basename(w.dir);
    parts.push(w.complete ? msg('feed.listing.csvs', { world, max: MAX_FILES_PER_WORLD, count: w.beyond + MAX_FILES_PER_WORLD }) : msg('feed.listing.unlisted', { world, max: MAX_FILES_PER_WORLD }));
  }
  if (cut.length > 2) parts.push(msg('feed.listing.more', { count: cut.length - 2 }));
  const list = parts.reduceRight<Msg | null>((rest, first) => (rest ? msg('feed.listing.separator', { first, rest }) : first), null);
  return list && msg('feed.listing.limited', { parts: list });
}

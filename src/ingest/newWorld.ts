/**
 * A likely wipe: a killfeed batch from a world_N folder the server's cursor never had, while it had
 * another one (a server's first world, at its first sync, is not news). Deadside starts a new world_N
 * folder when a server's world is wiped. Pure: the applier asks it before committing the batch.
 */
import type { IngestCursor } from './schemas.js';

const WORLD = /(?:^|\/)(world_\d+)\/[^/]+$/;

/** The world folder (`world_3`) a killfeed path is in, or null. */
export function worldOf(path: string): string | null {
  return WORLD.exec(path)?.[1] ?? null;
}

/** The batch's world when it is new to this cursor and the cursor knew another world, else null. */
export function newWorldOf(cursor: Pick<IngestCursor, 'files' | 'worlds'>, path: string): string | null {
  const world = worldOf(path);
  if (!world) return null;
  const known = new Set<string>();
  for (const f of cursor.files) if (f.kind === 'killfeed') known.add(worldOf(f.path) ?? '');
  for (const w of cursor.worlds ?? []) known.add(w.dir.split('/').at(-1) ?? '');
  known.delete('');
  return known.size > 0 && !known.has(world) ? world : null;
}

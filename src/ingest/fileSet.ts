/**
 * What RemoteTree (discovery.ts) hands a poll: the files to look at, in order, and what its listings
 * showed. Apart from the tree so the types read on their own; importable from discovery.ts as before.
 */
import type { Msg } from '../i18n/types.js';
import type { FileKind } from './schemas.js';

export interface RemoteFile {
  path: string;
  kind: FileKind;
  size: number;
  mtimeMs: number;
  /** A newer file exists next to it: it will not grow any more. */
  final: boolean;
  /** Where to read the bytes when not at `path` (a rotated log's backup copy). */
  readPath?: string;
  /** It may grow and was not stat'ed in this round: its size may be old, it is not read now. */
  stale?: boolean;
}

/** A considered world's CSVs as last listed, for the cursor's pruning (cursorPrune.ts). */
export interface WorldWindow {
  dir: string;
  /** The considered CSVs' paths, oldest first; null while the world was never listed. */
  paths: string[] | null;
  complete: boolean;
}

export interface FileSet {
  /** In application order: killfeed CSVs by world then name, then Deadside.log. */
  files: RemoteFile[];
  /** A listing was taken (not only the cheap check). */
  listed: boolean;
  /** The considered worlds; null until deathlogs was listed once (nothing may be pruned before). */
  worlds: WorldWindow[] | null;
  /** What the bounds leave out, in English (for logs); null when nothing. */
  notice: string | null;
  /** The same as a message, for admins in their guild's words (`/server list`). */
  noticeMsg: Msg | null;
}

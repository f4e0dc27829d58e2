import type { FileEntry } from 'ssh2';
import { FX_EOF, closeHandle, sftpStatus, type Channel } from './channel.js';

/** What a listing does with a folder's replies, one at a time. */
export interface BatchReader {
  /** Asked before each READDIR (`batch` counts them from 0): go on? */
  next(batch: number): boolean;
  /** One reply's entries ('.' and '..' left out): go on? */
  take(items: FileEntry[]): boolean;
}

/**
 * Reads a folder's handle one SFTP reply at a time (one packet, at most 256 KiB), each in its own turn
 * of the event loop, so a hostile server's endless folder is never held in memory and never stalls the
 * bot: the reader decides after every reply whether to go on. The handle is closed whatever happens.
 * Runs inside SftpConnection.op (its timeout and breakage rules).
 */
export async function readDirBatches(ch: Channel, dir: string, reader: BatchReader): Promise<void> {
  const { sftp } = ch;
  ch.sent();
  const handle = await new Promise<Buffer>((resolve, reject) => sftp.opendir(dir, (err, h) => (err ? reject(err) : resolve(h))));
  try {
    for (let batch = 0; reader.next(batch); batch++) {
      ch.sent();
      const items = await new Promise<FileEntry[] | null>((resolve, reject) =>
        sftp.readdir(handle, (err, list) => {
          if (err && sftpStatus(err) === FX_EOF) resolve(null);
          else if (err) reject(err);
          else resolve(list);
        }),
      );
      if (!items || !reader.take(items.filter((i) => i.filename !== '.' && i.filename !== '..'))) return;
    }
  } finally {
    closeHandle(ch, handle);
  }
}

/**
 * An in-memory game server for the ingestion tests that need no sshd (files by path, reads counted), and
 * the killfeed text and CSV paths they put on it.
 */
import type { RemoteFiles } from '../../src/ingest/types.js';
import type { ReadFromOptions, ReadFromResult, RemoteEntry, RemoteStat } from '../../src/sftp/index.js';

const MiB = 1024 * 1024;

/** An in-memory game server: files by path, listing derived from the paths. */
export class MemRemote implements RemoteFiles {
  readonly files = new Map<string, { data: Buffer; mtime: Date }>();
  readonly reads = new Map<string, number>();
  listDelayMs = 0;
  private listing = 0;
  maxListing = 0;

  put(path: string, data: Buffer | string): void {
    this.files.set(path, { data: Buffer.from(data), mtime: new Date(Date.UTC(2025, 4, 1) + this.files.size * 1000) });
  }

  async list(_key: string, dir: string): Promise<RemoteEntry[]> {
    this.maxListing = Math.max(this.maxListing, ++this.listing);
    try {
      if (this.listDelayMs) await new Promise((r) => setTimeout(r, this.listDelayMs));
      const prefix = `${dir.replace(/\/+$/, '')}/`;
      const out = new Map<string, RemoteEntry>();
      for (const [p, f] of this.files) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        const slash = rest.indexOf('/');
        const name = slash < 0 ? rest : rest.slice(0, slash);
        out.set(name, slash < 0 ? { name, type: 'file', size: f.data.length, modifiedAt: f.mtime } : { name, type: 'dir', size: 0, modifiedAt: f.mtime });
      }
      return [...out.values()];
    } finally {
      this.listing--;
    }
  }

  async stat(_key: string, path: string): Promise<RemoteStat> {
    const f = this.files.get(path);
    if (!f) throw Object.assign(new Error(`no such file ${path}`), { category: 'not_found' });
    return { type: 'file', size: f.data.length, modifiedAt: f.mtime };
  }

  /** Folders exist while a file is under them; their mtime is their newest file's (a new file changes it). */
  async statMany(_key: string, paths: readonly string[]): Promise<(RemoteStat | null)[]> {
    return paths.map((path) => {
      const f = this.files.get(path);
      if (f) return { type: 'file', size: f.data.length, modifiedAt: f.mtime };
      const prefix = `${path.replace(/\/+$/, '')}/`;
      const under = [...this.files].filter(([p]) => p.startsWith(prefix)).map(([, x]) => x.mtime.getTime());
      return under.length ? { type: 'dir', size: 0, modifiedAt: new Date(Math.max(...under)) } : null;
    });
  }

  async readFrom(_key: string, path: string, offset: number, options: ReadFromOptions = {}): Promise<ReadFromResult> {
    this.reads.set(path, (this.reads.get(path) ?? 0) + 1);
    const f = this.files.get(path);
    if (!f) throw Object.assign(new Error(`no such file ${path}`), { category: 'not_found' });
    const size = f.data.length;
    const head = options.headBytes ? { head: Buffer.from(f.data.subarray(0, options.headBytes)) } : {};
    if (offset > size) return { data: Buffer.alloc(0), size, nextOffset: offset, truncated: true, eof: true, ...head };
    const data = Buffer.from(f.data.subarray(offset, offset + (options.maxBytes ?? 16 * MiB)));
    return { data, size, nextOffset: offset + data.length, truncated: false, eof: offset + data.length >= size, ...head };
  }
}

export const kfText = (rows: readonly { line: string }[]) => rows.map((r) => `${r.line}\n`).join('');
export const csvPath = (serverId: string, n = 0) => `${serverId}/deathlogs/world_0/2025.05.01-00.${String(Math.floor(n / 60)).padStart(2, '0')}.${String(n % 60).padStart(2, '0')}.csv`;

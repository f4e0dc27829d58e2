import { BoundedMap } from '../util/boundedMap.js';
import { assertRealPathInside } from './paths.js';

/**
 * How long a "this path's realpath is inside the root" verdict is reused on one connection: the
 * poller checks the same few files every few seconds, so it pays one SFTP realpath per file per five
 * minutes (sent alongside the request it guards), while a symlink swapped in later is caught within this time.
 */
export const INSIDE_CHECK_TTL_MS = 5 * 60_000;
/** Verdicts one connection keeps: a poller's handful of paths fit many times; browsing a huge tree drops the oldest. */
const INSIDE_CACHE_MAX = 1024;

/**
 * One connection's symlink-escape check with its cached verdicts. Keyed `root\0path`; the root's own
 * entry (`root\0`) also holds the root's realpath, so a check of a new path costs one round trip.
 */
export class InsideCheck {
  private readonly verdicts = new BoundedMap<string, { until: number; realRoot?: string }>(INSIDE_CACHE_MAX);

  /** `realPath`: the server's canonical path, '' when it does not exist (SftpConnection.realPath). */
  constructor(private readonly realPath: (p: string) => Promise<string>) {}

  /**
   * Refuses `absPath` (already lexically inside `root`) when the server's realpath of it lies outside
   * the root (a symlink escape). Verdicts are reused for INSIDE_CHECK_TTL_MS.
   */
  async assert(root: string, absPath: string): Promise<void> {
    const now = Date.now();
    const key = `${root}\0${absPath}`;
    if (this.fresh(key, now)) return;
    const rootKey = `${root}\0`;
    const known = this.fresh(rootKey, now)?.realRoot;
    // Both realpaths in one round: the root's (when not known) and the path's.
    const [realRoot, real] = await Promise.all([known ?? this.realPath(root).then((r) => r || root), this.realPath(absPath)]);
    if (known === undefined) this.verdicts.set(rootKey, { until: now + INSIDE_CHECK_TTL_MS, realRoot });
    await assertRealPathInside(root, absPath, () => Promise.resolve(real), realRoot);
    this.verdicts.set(key, { until: now + INSIDE_CHECK_TTL_MS });
  }

  private fresh(key: string, now: number): { realRoot?: string } | undefined {
    const v = this.verdicts.get(key);
    return v && v.until > now ? v : undefined;
  }
}

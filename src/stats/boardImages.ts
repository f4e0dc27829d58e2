/**
 * Board pictures, drawn once per content: the key is the board's content hash (./boardContent.ts
 * boardHash) with the names drawn, so a repeat of the same page, or a posted board looked at again
 * unchanged, costs no drawing. Bounded: the cache by bytes (LRU), renders by concurrency (two at once per
 * process), and identical requests in flight share one render.
 */
import { ByteLru } from '../profile/cache.js';
import { renderBoardImage, type BoardImageInput } from './boardImage.js';

/** Bytes of board PNGs kept per process (a page is ~20–40 KB: some hundreds of pages). */
export const BOARD_IMAGE_CACHE_BYTES = 16 * 1024 * 1024;
/** Pictures drawn at once per process; more wait their turn. */
export const BOARD_IMAGE_RENDERS = 2;
/** How long a picture is reused: long enough for paging back and forth and for a posted board's next look. */
const TTL_MS = 2 * 60 * 60_000;

export interface BoardImagesOptions {
  cacheBytes?: number;
  maxConcurrentRenders?: number;
  render?: (input: BoardImageInput) => Promise<Buffer>;
}

export class BoardImages {
  private readonly cache: ByteLru<Buffer>;
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  /** Pictures drawn, and served from the cache: for tests and the bench. */
  renders = 0;
  hits = 0;

  constructor(private readonly options: BoardImagesOptions = {}) {
    this.cache = new ByteLru(options.cacheBytes ?? BOARD_IMAGE_CACHE_BYTES);
  }

  /** The picture of `input`, known by `key` (a hash of everything it shows). */
  async image(key: string, input: BoardImageInput): Promise<Buffer> {
    const hit = this.cache.get(key);
    if (hit) {
      this.hits++;
      return hit;
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.build(key, input).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async build(key: string, input: BoardImageInput): Promise<Buffer> {
    await this.acquire();
    let png: Buffer;
    try {
      png = await (this.options.render ?? renderBoardImage)(input);
      this.renders++;
    } finally {
      this.release();
    }
    this.cache.set(key, png, png.length, TTL_MS);
    return png;
  }

  private acquire(): Promise<void> {
    if (this.active < (this.options.maxConcurrentRenders ?? BOARD_IMAGE_RENDERS)) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter: `active` stays the same.
    if (next) next();
    else this.active--;
  }
}

/**
 * Profile cards, rendered once per set of inputs. The key is a hash of everything the picture depends
 * on: the card's version, every text and figure, the background, the placeholder's seed and the avatar's
 * URL (it names the avatar's hash and size, so a new avatar is a new key). A repeat of the same /profile
 * is answered from the cache without fetching or drawing anything.
 *
 * Bounded: the cache by bytes (LRU), renders by concurrency (two at once per process; each holds the
 * event loop ≈3 ms to draw and filter, and a libuv thread ≈10–20 ms to compress), and identical
 * requests in flight share one render. A card drawn with the placeholder because the avatar could not be fetched is kept only
 * briefly, so the avatar appears once the CDN answers again.
 */
import { createHash } from 'node:crypto';
import { AvatarStore, type AvatarFailure } from './avatar.js';
import { ByteLru } from './cache.js';
import { CARD_VERSION, renderCard, type CardInput, type CardLayout } from './card.js';

/** A card as asked for: the card's inputs with the avatar as a URL (null: no avatar, placeholder). */
export interface CardRequest extends Omit<CardInput, 'avatar'> {
  avatarUrl: string | null;
}

export interface CardResult {
  png: Buffer;
  cached: boolean;
  /** Why the placeholder stands in for an avatar that has a URL (null otherwise). */
  avatarFailure: AvatarFailure | null;
  /** The layout of this render; null when served from the cache. */
  layout: CardLayout | null;
}

export interface ProfileCardsOptions {
  /** Bytes of PNGs kept (default 32 MiB: ~400 cards). */
  cacheBytes?: number;
  /** How long a card drawn after a failed avatar fetch is reused (default 60 s). */
  fallbackTtlMs?: number;
  maxConcurrentRenders?: number;
  avatars?: AvatarStore;
  render?: (input: CardInput) => Promise<{ png: Buffer; layout: CardLayout }>;
}

export function cardKey(req: CardRequest): string {
  const parts = [CARD_VERSION, req.displayName, req.lines, req.tiles.map((t) => [t.label, t.value]), req.background, req.seed, req.avatarUrl];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

export class ProfileCards {
  readonly avatars: AvatarStore;
  private readonly cache: ByteLru<{ png: Buffer; avatarFailure: AvatarFailure | null }>;
  private readonly inFlight = new Map<string, Promise<CardResult>>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  /** Cards drawn (cache misses that rendered), and cards served from the cache: for tests and the bench. */
  renders = 0;
  hits = 0;

  constructor(private readonly options: ProfileCardsOptions = {}) {
    this.avatars = options.avatars ?? new AvatarStore();
    this.cache = new ByteLru(options.cacheBytes ?? 32 * 1024 * 1024);
  }

  /** Bytes of PNGs held. */
  get cachedBytes(): number {
    return this.cache.bytes;
  }

  clear(): void {
    this.cache.clear();
  }

  async card(req: CardRequest): Promise<CardResult> {
    const key = cardKey(req);
    const hit = this.cache.get(key);
    if (hit) {
      this.hits++;
      return { png: hit.png, cached: true, avatarFailure: hit.avatarFailure, layout: null };
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.build(key, req).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async build(key: string, req: CardRequest): Promise<CardResult> {
    const avatar = req.avatarUrl ? await this.avatars.get(req.avatarUrl) : { image: null, failure: null };
    const { avatarUrl: _url, ...rest } = req;
    await this.acquire();
    let out: { png: Buffer; layout: CardLayout };
    try {
      out = await (this.options.render ?? renderCard)({ ...rest, avatar: avatar.image });
      this.renders++;
    } finally {
      this.release();
    }
    const ttl = avatar.failure ? (this.options.fallbackTtlMs ?? 60_000) : Infinity;
    this.cache.set(key, { png: out.png, avatarFailure: avatar.failure }, out.png.length, ttl);
    return { png: out.png, cached: false, avatarFailure: avatar.failure, layout: out.layout };
  }

  private acquire(): Promise<void> {
    if (this.active < (this.options.maxConcurrentRenders ?? 2)) {
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

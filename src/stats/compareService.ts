/**
 * /compare's service: the duel read (./compareDuel.ts) and the card, drawn once per set of inputs.
 *
 * Bounded like the profile cards: rendered cards by bytes (LRU), renders by concurrency (two at once
 * per process; each holds the event loop ≈1–3 ms to draw and filter, a libuv thread to compress), and
 * identical requests in flight share one render.
 */
import { createHash } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { StatsDoc } from '../ingest/schemas.js';
import { ByteLru } from '../profile/cache.js';
import { COMPARE_CARD_VERSION, renderCompareCard, type CompareCardInput, type CompareLayout } from './compareCard.js';
import { readDuel, type DuelRecord } from './compareDuel.js';

/** Bytes of compare cards kept per process (a card is ≈110 KB: some 70 cards). */
export const COMPARE_CACHE_BYTES = 8 * 1024 * 1024;
/** Cards drawn at once per process; more wait their turn. */
export const COMPARE_MAX_RENDERS = 2;

export interface CompareCardResult {
  png: Buffer;
  cached: boolean;
  /** The layout of this render; null when served from the cache. */
  layout: CompareLayout | null;
}

export function compareCardKey(input: CompareCardInput): string {
  return createHash('sha256').update(JSON.stringify([COMPARE_CARD_VERSION, input])).digest('base64url');
}

export class CompareService {
  private readonly cache = new ByteLru<Buffer>(COMPARE_CACHE_BYTES);
  private readonly inFlight = new Map<string, Promise<CompareCardResult>>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  /** Cards drawn and served from the cache: for tests. */
  renders = 0;
  hits = 0;

  constructor(private readonly stats: Collection<StatsDoc>) {}

  /** How often each killed the other, all-time, on one server or the guild's servers. */
  duel(guildId: string, a: string, b: string, serverId?: string): Promise<DuelRecord> {
    return readDuel(this.stats, guildId, a, b, serverId);
  }

  async card(input: CompareCardInput): Promise<CompareCardResult> {
    const key = compareCardKey(input);
    const hit = this.cache.get(key);
    if (hit) {
      this.hits++;
      return { png: hit, cached: true, layout: null };
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.render(key, input).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async render(key: string, input: CompareCardInput): Promise<CompareCardResult> {
    await this.acquire();
    try {
      const out = await renderCompareCard(input);
      this.renders++;
      this.cache.set(key, out.png, out.png.length);
      return { png: out.png, cached: false, layout: out.layout };
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < COMPARE_MAX_RENDERS) {
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

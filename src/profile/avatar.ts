/**
 * Avatars for profile cards, fetched from the CDN URL discord.js gives (PNG at 256 px). A fetch is
 * bounded in time (the whole download, not only the headers) and in bytes, and only a PNG of sane
 * dimensions is decoded, so a slow, huge or hostile answer costs at most ~2 s and 1 MiB, never a
 * decompression bomb. Anything wrong → null, and the card draws a placeholder.
 *
 * Decoded avatars are kept by URL (the URL holds the avatar's hash, so a new avatar is a new URL) in a
 * byte-bounded LRU; a failed URL is not asked again for a minute, so a CDN outage does not cost every
 * /profile two seconds.
 */
import { loadImage, type Image } from '@napi-rs/canvas';
import { BoundedMap } from '../util/boundedMap.js';
import { ByteLru } from './cache.js';

export const AVATAR_TIMEOUT_MS = 2_000;
export const AVATAR_MAX_BYTES = 1024 * 1024;
/** Larger sides are refused before decoding: Discord serves what we ask for (256). */
export const AVATAR_MAX_SIDE = 1024;
const FAILURE_RETRY_MS = 60_000;
/** Failed URLs remembered at once (the oldest is forgotten first). */
const FAILURES_KEPT = 1000;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type AvatarFailure = 'timeout' | 'http' | 'too_large' | 'not_png' | 'decode' | 'network';

export interface FetchAvatarOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxSide?: number;
}

/** Width and height from a PNG's IHDR, or null when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 24 || !b.subarray(0, 8).equals(PNG_SIGNATURE) || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/**
 * The avatar's PNG bytes, or why not. The timeout covers connecting, headers and body; a body larger
 * than `maxBytes` (by its Content-Length or as it streams) is abandoned.
 */
export async function fetchAvatarBytes(url: string, options: FetchAvatarOptions = {}): Promise<{ ok: true; bytes: Buffer } | { ok: false; why: AvatarFailure }> {
  const timeoutMs = options.timeoutMs ?? AVATAR_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? AVATAR_MAX_BYTES;
  const maxSide = options.maxSide ?? AVATAR_MAX_SIDE;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, { signal: controller.signal, redirect: 'error', headers: { accept: 'image/png' } });
    if (!res.ok || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      return { ok: false, why: 'http' };
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      await res.body.cancel().catch(() => undefined);
      return { ok: false, why: 'too_large' };
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, why: 'too_large' };
      }
      chunks.push(value);
    }
    const bytes = Buffer.concat(chunks);
    const dims = pngSize(bytes);
    if (!dims) return { ok: false, why: 'not_png' };
    if (dims.width < 1 || dims.height < 1 || dims.width > maxSide || dims.height > maxSide) return { ok: false, why: 'too_large' };
    return { ok: true, bytes };
  } catch {
    return { ok: false, why: controller.signal.aborted ? 'timeout' : 'network' };
  } finally {
    clearTimeout(timer);
  }
}

export interface AvatarResult {
  image: Image | null;
  /** Why there is no image (null when there is one). */
  failure: AvatarFailure | null;
}

export interface AvatarStoreOptions {
  /** How each fetch is bounded (defaults: 2 s, 1 MiB, 1024 px). */
  fetch?: FetchAvatarOptions;
  /** Bytes of decoded avatars kept (RGBA: 256 KiB for a 256 px avatar). Default 16 MiB. */
  cacheBytes?: number;
  /** A failed URL is fetched again only after this long (default 60 s). */
  retryAfterMs?: number;
}

/** Decoded avatars by URL, with in-flight fetches shared and failures remembered for a while. */
export class AvatarStore {
  private readonly images: ByteLru<Image>;
  private readonly failures = new BoundedMap<string, { at: number; why: AvatarFailure }>(FAILURES_KEPT);
  private readonly inFlight = new Map<string, Promise<AvatarResult>>();
  /** How many fetches went to the network (tests, bench). */
  fetches = 0;

  constructor(private readonly options: AvatarStoreOptions = {}) {
    this.images = new ByteLru<Image>(options.cacheBytes ?? 16 * 1024 * 1024);
  }

  get(url: string): Promise<AvatarResult> {
    const hit = this.images.get(url);
    if (hit) return Promise.resolve({ image: hit, failure: null });
    const failed = this.failures.get(url);
    if (failed && Date.now() - failed.at < (this.options.retryAfterMs ?? FAILURE_RETRY_MS)) return Promise.resolve({ image: null, failure: failed.why });
    let pending = this.inFlight.get(url);
    if (!pending) {
      pending = this.load(url).finally(() => this.inFlight.delete(url));
      this.inFlight.set(url, pending);
    }
    return pending;
  }

  private async load(url: string): Promise<AvatarResult> {
    this.fetches++;
    const got = await fetchAvatarBytes(url, this.options.fetch);
    let result: AvatarResult;
    if (!got.ok) {
      result = { image: null, failure: got.why };
    } else {
      try {
        const image = await loadImage(got.bytes);
        this.images.set(url, image, image.width * image.height * 4);
        result = { image, failure: null };
      } catch {
        result = { image: null, failure: 'decode' };
      }
    }
    if (result.failure) this.failures.set(url, { at: Date.now(), why: result.failure });
    else this.failures.delete(url);
    return result;
  }
}

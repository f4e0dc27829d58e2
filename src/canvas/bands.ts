/**
 * A picture's compressed data as bands of rows, each compressed on its own and kept, so a picture that
 * differs from an earlier one in a few rows costs only those rows: a placement changes one cell row,
 * moving the cursor a few, and the rest of the PNG is reused bytes.
 *
 * How bands join into one valid zlib stream (RFC 1950/1951): each band is deflate of its filtered
 * scanlines ending in a sync marker (./deflate.ts), so it stops on a byte boundary with no final block
 * and refers to nothing before it; the stream is the zlib header, the bands in order, an empty final
 * block, and the Adler-32 of all scanlines, combined from each band's own (zlib's adler32_combine).
 *
 * Bands are cached by a key that names everything drawn in them (./render.ts builds it); the cache is
 * bounded by entries (BoundedMap, the least recently used out first).
 */
import { BoundedMap } from '../util/boundedMap.js';
import { deflateBand, type EncodedBand } from './deflate.js';

/** Bands kept (a 32×32 view is 34 bands of ~0.3 KB; a 256×256 one ~45 of a few KB). */
export const BAND_CACHE_MAX = 2048;

const ADLER_BASE = 65521;
/** CMF 0x78 (deflate, 32 KiB window), FLG 0x9c (CMF·256+FLG divisible by 31). */
const ZLIB_HEADER = Buffer.from([0x78, 0x9c]);
/** An empty final block with fixed codes: BFINAL 1, BTYPE 01, end-of-block code 0000000. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

/** A band and when it was last put at the young end of the cache (a count of insertions). */
interface Entry {
  band: EncodedBand;
  stamp: number;
}
const cache = new BoundedMap<string, Entry>(BAND_CACHE_MAX);
let insertions = 0;

/**
 * The cached band under `key`. A hit is moved to the young end (touch) only once it has aged by half the
 * cache: as good as LRU for what stays in use, without reordering the map on every hit.
 */
function cached(key: string): EncodedBand | undefined {
  const hit = cache.get(key);
  if (!hit) return undefined;
  if (insertions - hit.stamp > BAND_CACHE_MAX / 2) {
    cache.touch(key);
    hit.stamp = insertions;
  }
  return hit.band;
}

/** The Adler-32 of A followed by B, from A's, B's and B's length (zlib's adler32_combine). */
export function adler32Combine(adlerA: number, adlerB: number, lengthB: number): number {
  const rem = lengthB % ADLER_BASE;
  let sum1 = adlerA & 0xffff;
  let sum2 = (rem * sum1) % ADLER_BASE;
  sum1 += (adlerB & 0xffff) + ADLER_BASE - 1;
  sum2 += (adlerA >>> 16) + (adlerB >>> 16) + ADLER_BASE - rem;
  if (sum1 >= ADLER_BASE) sum1 -= ADLER_BASE;
  if (sum1 >= ADLER_BASE) sum1 -= ADLER_BASE;
  if (sum2 >= ADLER_BASE * 2) sum2 -= ADLER_BASE * 2;
  if (sum2 >= ADLER_BASE) sum2 -= ADLER_BASE;
  return ((sum2 << 16) | sum1) >>> 0;
}

/** A band of the picture being built: its cache key and size (`compose` draws its unfiltered rows). */
export interface BandSource {
  key: string;
  stride: number;
  rows: number;
}

/**
 * The zlib stream of the bands, in pieces (header, bands, end; ./png.ts copies them once), from the cache
 * where it has them; missing ones are drawn, encoded and kept.
 */
export function bandStream<B extends BandSource>(sources: readonly B[], compose: (band: B) => Buffer): Buffer[] {
  let adler = 1;
  const parts: Buffer[] = [ZLIB_HEADER];
  for (const s of sources) {
    let band = cached(s.key);
    if (!band) {
      band = deflateBand(compose(s), s.stride, s.rows);
      cache.set(s.key, { band, stamp: ++insertions });
    }
    adler = adler32Combine(adler, band.adler, band.length);
    parts.push(band.data);
  }
  const trailer = Buffer.allocUnsafe(4);
  trailer.writeUInt32BE(adler, 0);
  parts.push(FINAL_BLOCK, trailer);
  return parts;
}

/** Drops every cached band (tests, benches of cold renders, memory pressure). */
export function clearBandCache(): void {
  cache.clear();
}

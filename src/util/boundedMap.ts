/**
 * A Map that holds at most `capacity` entries: setting a new key beyond it drops the oldest entry
 * (insertion order; `touch` moves a key to the newest end for LRU use). The one way a cache or a
 * per-key record in this process stays bounded, whatever keys guilds and game servers bring.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly capacity: number) {
    super();
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  override set(key: K, value: V): this {
    if (!this.has(key)) {
      while (this.size >= this.capacity) this.delete(this.keys().next().value as K);
    }
    return super.set(key, value);
  }

  /** Marks a key as just used (least-recently-used eviction); returns its value. */
  touch(key: K): V | undefined {
    if (!this.has(key)) return undefined;
    const value = this.get(key) as V;
    this.delete(key);
    super.set(key, value);
    return value;
  }
}

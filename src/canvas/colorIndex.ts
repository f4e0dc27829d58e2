/**
 * Colour → palette index for one picture: an open-addressing table on typed arrays (a Map lookup per
 * cell cost ~2 ms for a noisy 256×256 view). Palette colours keep their fixed index; any other colour
 * gets the next entry, in the order it is first seen. Room for every colour a view can show (65,536 at
 * 256×256) at half load.
 */
export class ColorIndex {
  private readonly keys = new Int32Array(1 << 17);
  private readonly values = new Uint32Array(1 << 17);
  /** A slot holds an entry of this picture when its stamp is the picture's (no clearing per picture). */
  private readonly stamps = new Uint32Array(1 << 17);
  private stamp = 0;
  private readonly mask = (1 << 17) - 1;
  palette: number[] = [];

  /** `base`: the palette every picture starts with; `fixed`: the colours with an index of their own there. */
  constructor(
    private readonly base: readonly number[],
    private readonly fixed: ReadonlyMap<number, number>,
  ) {}

  reset(): void {
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    this.palette = this.base.slice();
  }

  of(rgb: number): number {
    let h = Math.imul(rgb, 0x9e3779b1) >>> 15;
    while (this.stamps[h] === this.stamp) {
      if (this.keys[h] === rgb) return this.values[h]!;
      h = (h + 1) & this.mask;
    }
    const i = this.fixed.get(rgb) ?? this.palette.push(rgb) - 1;
    this.stamps[h] = this.stamp;
    this.keys[h] = rgb;
    this.values[h] = i;
    return i;
  }
}

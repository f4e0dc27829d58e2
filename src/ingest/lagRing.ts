/**
 * How late scheduled runs started, over the latest runs: a fixed ring of samples, so the figures cost
 * the same memory after a year of polls as after one. Read by the bot's /metrics (IngestFigures.lag).
 */

/** Lags kept for the figures (the latest ones). */
const LAG_SAMPLES = 4096;

/** How late scheduled runs started (ms) over the latest LAG_SAMPLES runs. */
export interface LagFigures {
  runs: number;
  p50: number;
  p99: number;
  max: number;
}

export class LagRing {
  private readonly lags = new Float64Array(LAG_SAMPLES);
  private runs = 0;

  /** One run started `ms` after it was due. */
  add(ms: number): void {
    this.lags[this.runs++ % LAG_SAMPLES] = ms;
  }

  figures(): LagFigures {
    const n = Math.min(this.runs, LAG_SAMPLES);
    if (n === 0) return { runs: 0, p50: 0, p99: 0, max: 0 };
    const sorted = this.lags.slice(0, n).sort();
    const at = (q: number) => sorted[Math.min(n - 1, Math.ceil(q * n) - 1)]!;
    return { runs: this.runs, p50: at(0.5), p99: at(0.99), max: sorted[n - 1]! };
  }
}

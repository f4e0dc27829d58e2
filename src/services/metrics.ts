/**
 * Prometheus metrics for interactions: a counter by command and outcome and a latency histogram.
 * Written by hand: two metric kinds do not justify a client library.
 */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type Outcome = 'ok' | 'user_error' | 'error' | 'denied' | 'rate_limited';

export class Metrics {
  private readonly counts = new Map<string, number>();
  private readonly histogram = new Map<string, { buckets: number[]; sum: number; count: number }>();
  readonly startedAt = Date.now();

  observe(command: string, outcome: Outcome, seconds: number): void {
    const key = `${command}\u0000${outcome}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    let h = this.histogram.get(command);
    if (!h) this.histogram.set(command, (h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) h.buckets[i]!++;
    });
    h.sum += seconds;
    h.count++;
  }

  render(extra: Record<string, number> = {}): string {
    const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    const lines = ['# HELP tower_interactions_total Interactions handled, by command and outcome.', '# TYPE tower_interactions_total counter'];
    for (const [key, n] of this.counts) {
      const [command, outcome] = key.split('\u0000') as [string, string];
      lines.push(`tower_interactions_total{command="${esc(command)}",outcome="${outcome}"} ${n}`);
    }
    lines.push('# HELP tower_interaction_duration_seconds Time from receiving an interaction to finishing its handler.');
    lines.push('# TYPE tower_interaction_duration_seconds histogram');
    for (const [command, h] of this.histogram) {
      const c = esc(command);
      BUCKETS.forEach((b, i) => lines.push(`tower_interaction_duration_seconds_bucket{command="${c}",le="${b}"} ${h.buckets[i]}`));
      lines.push(`tower_interaction_duration_seconds_bucket{command="${c}",le="+Inf"} ${h.count}`);
      lines.push(`tower_interaction_duration_seconds_sum{command="${c}"} ${h.sum}`);
      lines.push(`tower_interaction_duration_seconds_count{command="${c}"} ${h.count}`);
    }
    lines.push('# TYPE tower_uptime_seconds gauge', `tower_uptime_seconds ${(Date.now() - this.startedAt) / 1000}`);
    for (const [name, value] of Object.entries(extra)) lines.push(`# TYPE ${name} gauge`, `${name} ${value}`);
    return `${lines.join('\n')}\n`;
  }
}

import { describe, expect, it } from 'vitest';
import { Metrics } from '../../src/services/metrics.js';

describe('Metrics', () => {
  it('renders counters and cumulative histogram buckets in Prometheus text format', () => {
    const m = new Metrics();
    m.observe('about', 'ok', 0.002);
    m.observe('about', 'ok', 0.3);
    m.observe('about', 'error', 0.02);
    const text = m.render({ tower_guilds: 2 });
    expect(text).toContain('tower_interactions_total{command="about",outcome="ok"} 2');
    expect(text).toContain('tower_interactions_total{command="about",outcome="error"} 1');
    expect(text).toContain('tower_interaction_duration_seconds_bucket{command="about",le="0.005"} 1');
    expect(text).toContain('tower_interaction_duration_seconds_bucket{command="about",le="0.5"} 3');
    expect(text).toContain('tower_interaction_duration_seconds_count{command="about"} 3');
    expect(text).toContain('tower_guilds 2');
  });
});

import { describe, expect, it } from 'vitest';
import { planRollback, rollbackLog, rollbackScope, ROLLBACK_CLOCK_SLACK_MS, type TimedPlacement } from '../../src/canvas/rollback.js';

const WHITE = 0xffffff;
const RED = 0xe50000;
const GREEN = 0x02be01;
const BLUE = 0x0083c7;

describe('rollback planner at griefing scale', () => {
  it("undoes 150k placements of one member (past where Math.min(...list) overflowed the stack)", () => {
    const N = 150_000;
    const CELLS = 50_000; // each touched three times
    const t0 = Date.UTC(2025, 0, 1);
    const color = new Uint32Array(CELLS).fill(WHITE);
    const seq = new Uint32Array(CELLS);
    const mine: TimedPlacement[] = [];
    const others: TimedPlacement[] = [];
    const place = (list: TimedPlacement[], c: number, userId: string, rgb: number, at: number): void => {
      seq[c]!++;
      list.push({ _id: `${c}:${seq[c]}`, rev: 0, seq: seq[c]!, x: c % 256, y: c >> 8, color: rgb, previous: color[c]!, userId, at: new Date(at) });
      color[c] = rgb;
    };
    // Odd cells were painted long before; the query's slack may still return some of those.
    for (let c = 1; c < CELLS; c += 2) place(others, c, 'ann', GREEN, t0 - 3_600_000);
    for (let i = 0; i < N; i++) {
      const c = i % CELLS;
      place(mine, c, 'grief', RED, t0 + i);
      // Ann paints over every tenth cell between the griefer's second and third pass: hers survives.
      if (i >= CELLS && i < 2 * CELLS && c % 10 === 0) place(others, c, 'ann', BLUE, t0 + i);
    }

    const scope = rollbackScope(mine);
    expect(scope.since.getTime()).toBe(t0 - ROLLBACK_CLOCK_SLACK_MS);
    expect(scope.columns).toHaveLength(256);
    const plan = planRollback(rollbackLog(mine, others), 'grief');
    expect(plan.revertedIds).toHaveLength(N);
    expect(plan.restores).toHaveLength(CELLS);
    for (const r of plan.restores) {
      const c = r.y * 256 + r.x;
      const expected = c % 10 === 0 ? BLUE : c % 2 ? GREEN : WHITE;
      if (r.rgb !== expected) expect(r.rgb, `cell ${c}`).toBe(expected);
    }
  });
});

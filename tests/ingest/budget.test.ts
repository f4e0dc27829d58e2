/** A poll's budget (src/ingest/budget.ts): bytes and time, and progress before the clock may stop a poll. */
import { describe, expect, it } from 'vitest';
import { PollBudget } from '../../src/ingest/budget.js';

const MiB = 1024 * 1024;

describe('the poll clock', () => {
  it('may stop a poll after its first read, however few bytes were read', () => {
    let now = 1000;
    const b = new PollBudget(32 * MiB, 100, () => now);
    now = 2000;
    expect(b.timeUp).toBe(false); // nothing read yet: no progress
    b.spend(40);
    expect(b.timeUp).toBe(true);
    expect(b.bytesSpent).toBe(false);
    expect(b.exhausted).toBe(true);
  });
});

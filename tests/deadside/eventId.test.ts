import { describe, expect, it } from 'vitest';
import { eventId } from '../../src/deadside/eventId.js';

describe('eventId', () => {
  const base = { serverId: '79.127.236.1_7020', file: '/x/world_0/2025.05.01-00.00.00.csv', offset: 1234 };
  it('is deterministic and short', () => {
    expect(eventId(base)).toBe(eventId({ ...base }));
    expect(eventId(base)).toMatch(/^[0-9a-f]{20}$/);
  });
  it('changes with each input', () => {
    const ids = new Set([
      eventId(base),
      eventId({ ...base, offset: 1235 }),
      eventId({ ...base, serverId: 'other' }),
      eventId({ ...base, file: base.file + 'x' }),
      eventId({ ...base, generation: '2025-05-15T00:00:00.000Z' }),
      // No separator ambiguity between fields.
      eventId({ serverId: 'a', file: 'b1', offset: 2 }),
      eventId({ serverId: 'a', file: 'b', offset: 12 }),
    ]);
    expect(ids.size).toBe(7);
  });
  it('rejects invalid offsets', () => {
    expect(() => eventId({ ...base, offset: -1 })).toThrow(RangeError);
    expect(() => eventId({ ...base, offset: 1.5 })).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeCustomId, encodeCustomId } from '../../src/framework/customId.js';

describe('custom ids', () => {
  it('round-trips arguments, including separators and percent signs', () => {
    const id = encodeCustomId('canvas', 'move', 12, 'a:b', '100%', true);
    expect(decodeCustomId(id)).toEqual({ module: 'canvas', action: 'move', args: ['12', 'a:b', '100%', 'true'] });
  });

  it('refuses ids Discord would reject (over 100 characters) and bad namespaces', () => {
    expect(() => encodeCustomId('canvas', 'x', 'y'.repeat(100))).toThrow(/longer than 100/);
    expect(() => encodeCustomId('Canvas', 'x')).toThrow(/invalid/);
  });

  it('returns null for ids that are not ours', () => {
    expect(decodeCustomId('legacy_button')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { AUDIT_MAX_CHANGES, AUDIT_MAX_VALUE_CHARS, isSecretKey, scrubChanges } from '../../src/audit/scrub.js';

describe('the audit scrub', () => {
  it('drops every key named like a secret, whatever its case or place in the name', () => {
    const scrubbed = scrubChanges({
      password: 'hunter2',
      sftpPassword: 'hunter2',
      PASSWD: 'x',
      secret: 's',
      clientSecret: 's',
      token: 't',
      discordToken: 't',
      apiKey: 'k',
      privateKey: 'k',
      credentials: 'c',
      authorization: 'Bearer x',
      name: 'EU #1',
      pollSeconds: 60,
      paused: true,
      killfeed: null,
    });
    expect(scrubbed).toEqual({ name: 'EU #1', pollSeconds: 60, paused: true, killfeed: null });
    expect(JSON.stringify(scrubbed)).not.toMatch(/hunter2|Bearer/);
    for (const key of ['password', 'keptPassword', 'SECRETS_KEY', 'hostKeyToken']) expect(isSecretKey(key), key).toBe(true);
    for (const key of ['address', 'username', 'timezone', 'fingerprint']) expect(isSecretKey(key), key).toBe(false);
  });

  it('keeps scalars only, cuts long strings, bounds the number of keys and leaves out undefined values', () => {
    const many = Object.fromEntries(Array.from({ length: AUDIT_MAX_CHANGES + 5 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(scrubChanges(many)!)).toHaveLength(AUDIT_MAX_CHANGES);
    const out = scrubChanges({ long: 'x'.repeat(AUDIT_MAX_VALUE_CHARS + 50), nested: { password: 'p' }, list: [1], gone: undefined, nan: Number.NaN })!;
    expect(out.long).toHaveLength(AUDIT_MAX_VALUE_CHARS);
    expect(String(out.long).endsWith('…')).toBe(true);
    expect(out).not.toHaveProperty('nested');
    expect(out).not.toHaveProperty('list');
    expect(out).not.toHaveProperty('gone');
    expect(out.nan).toBeNull();
    expect(scrubChanges({ password: 'p' })).toBeUndefined();
    expect(scrubChanges(undefined)).toBeUndefined();
  });
});

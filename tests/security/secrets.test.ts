import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretsError, isBound, keyId, parseSecretsKey } from '../../src/security/secrets.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);

describe('SecretBox', () => {
  it('round-trips and records the key id', () => {
    const box = new SecretBox(k1);
    const sealed = box.seal('hunter2 ünïcode');
    expect(sealed.v).toBe(1);
    expect(sealed.kid).toBe(keyId(k1));
    expect(sealed.kid).toMatch(/^[0-9a-f]{8}$/);
    expect(Buffer.from(sealed.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(sealed.tag, 'base64')).toHaveLength(16);
    expect(JSON.stringify(sealed)).not.toContain('hunter2');
    expect(box.open(sealed)).toBe('hunter2 ünïcode');
  });

  it('uses a random IV: two seals of the same text differ', () => {
    const box = new SecretBox(k1);
    const a = box.seal('same');
    const b = box.seal('same');
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
  });

  it('detects tampering of ciphertext, tag, iv and key id', () => {
    const box = new SecretBox(k1);
    const sealed = box.seal('secret value');
    const flip = (b64: string) => {
      const b = Buffer.from(b64, 'base64');
      b[0] = (b[0] ?? 0) ^ 1;
      return b.toString('base64');
    };
    expect(() => box.open({ ...sealed, ct: flip(sealed.ct) })).toThrow(/tampered/);
    expect(() => box.open({ ...sealed, tag: flip(sealed.tag) })).toThrow(/tampered/);
    expect(() => box.open({ ...sealed, iv: flip(sealed.iv) })).toThrow(/tampered/);
    expect(() => box.open({ ...sealed, kid: keyId(k2) })).toThrow(SecretsError);
  });

  it('refuses a record sealed with an unknown key, naming the key id', () => {
    const sealed = new SecretBox(k1).seal('x');
    expect(() => new SecretBox(k2).open(sealed)).toThrow(new RegExp(`key id ${keyId(k1)}.*not configured`));
  });

  it('rotates: new key seals, old key still opens old records via the keyring', () => {
    const old = new SecretBox(k1);
    const record = old.seal('rotate me');
    const ring = new SecretBox([k2, k1]);
    expect(ring.currentKid).toBe(keyId(k2));
    expect(ring.open(record)).toBe('rotate me');
    expect(ring.needsRotation(record)).toBe(true);
    const resealed = ring.reseal(record);
    expect(resealed.kid).toBe(keyId(k2));
    expect(ring.needsRotation(resealed)).toBe(false);
    expect(new SecretBox(k2).open(resealed)).toBe('rotate me');
    expect(() => old.open(resealed)).toThrow(/not configured/);
  });

  it('binds a seal to its record: it opens only as that record, and the binding cannot be stripped', () => {
    const box = new SecretBox(k1);
    const mine = ['game_servers', 'g1', 's1'];
    const sealed = box.seal('bound', mine);
    expect(sealed.aad).toBe(2);
    expect(isBound(sealed)).toBe(true);
    expect(box.open(sealed, mine)).toBe('bound');
    // Another server, another guild, another kind of record, or no record at all: refused.
    for (const other of [['game_servers', 'g1', 's2'], ['game_servers', 'g2', 's1'], ['pending_server_adds', 'g1', 's1'], ['game_servers', 'g1s1']]) {
      expect(() => box.open(sealed, other)).toThrow(/sealed for another record/);
    }
    expect(() => box.open(sealed)).toThrow(/bound to its record/);
    // Dropping the marker makes it an old-format seal, which fails authentication with the constant.
    const { aad: _aad, ...stripped } = sealed;
    expect(() => box.open(stripped, mine)).toThrow(SecretsError);
    expect(() => box.open({ ...sealed, aad: 3 as never }, mine)).toThrow(/unsupported/);
  });

  it('still opens an old-format (unbound) seal for any record, and reseal binds it', () => {
    const box = new SecretBox(k1);
    const old = box.seal('from before');
    expect(old.aad).toBeUndefined();
    expect(box.open(old, ['game_servers', 'g1', 's1'])).toBe('from before');
    expect(box.open(old)).toBe('from before');
    const bound = box.reseal(old, ['game_servers', 'g1', 's1']);
    expect(isBound(bound)).toBe(true);
    expect(box.open(bound, ['game_servers', 'g1', 's1'])).toBe('from before');
    expect(() => box.open(bound, ['game_servers', 'g1', 's2'])).toThrow(SecretsError);
  });

  it('parseSecretsKey validates base64 and length with a clear message', () => {
    expect(parseSecretsKey(k1.toString('base64'))).toEqual(k1);
    expect(() => parseSecretsKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes, got 16/);
    expect(() => parseSecretsKey('not base64!!')).toThrow(/must be base64/);
    expect(() => parseSecretsKey('')).toThrow(/must be base64/);
    expect(new SecretBox(k1.toString('base64')).currentKid).toBe(keyId(k1));
  });
});

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Credentials at rest: AES-256-GCM with a random 12-byte IV per record and a key id, so keys can be
 * rotated (seal with the newest key, open with whichever key sealed the record). A seal is bound to its
 * record: the authenticated data names it (e.g. guild and server id), so a ciphertext copied into another
 * record fails authentication instead of opening there.
 */
export interface SealedSecret {
  v: 1;
  /** First 8 hex chars of sha256(key). */
  kid: string;
  iv: string;
  tag: string;
  ct: string;
  /**
   * The authenticated data's scheme: 2 = key id and the record's binding. Absent: sealed before records
   * were bound (a constant and the key id), still opened so old records keep working; `npm run reseal`
   * binds them. `v` stays 1 so a process of the previous version still parses the record (and reports the
   * password unreadable rather than failing on the whole document).
   */
  aad?: 2;
}

/** What a seal is bound to: the parts naming its record, e.g. `['game_servers', guildId, serverId]`. */
export type SecretBinding = readonly string[];

export class SecretsError extends Error {
  override readonly name = 'SecretsError';
}

/** Validates a base64 SECRETS_KEY and returns the 32 raw bytes. Never echoes the value. */
export function parseSecretsKey(base64: string): Buffer {
  const trimmed = (base64 ?? '').trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) {
    throw new SecretsError('SECRETS_KEY must be base64 (generate one with: openssl rand -base64 32)');
  }
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new SecretsError(
      `SECRETS_KEY must decode to 32 bytes, got ${key.length} (generate one with: openssl rand -base64 32)`,
    );
  }
  return key;
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

const AAD = Buffer.from('tower-of-temptation:secret:v1');
const BOUND = 2 as const;

/** JSON of the parts: unambiguous whatever the ids hold (no separator can be forged inside one). */
function boundAad(kid: string, binding: SecretBinding): Buffer {
  return Buffer.from(JSON.stringify(['tower-of-temptation:secret:v2', kid, ...binding]));
}

function aadOf(sealed: SealedSecret, binding: SecretBinding | undefined): Buffer {
  if (sealed.aad === undefined) return Buffer.concat([AAD, Buffer.from(sealed.kid)]);
  if (sealed.aad !== BOUND) throw new SecretsError(`unsupported sealed secret format (aad: ${String(sealed.aad)})`);
  if (!binding) throw new SecretsError('sealed secret is bound to its record: open it with that record');
  return boundAad(sealed.kid, binding);
}

/** True when the seal names its record (false: sealed the old way, with a constant). */
export function isBound(sealed: SealedSecret): boolean {
  return sealed.aad === BOUND;
}

export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  /** Key id used by seal(): the first key given. */
  readonly currentKid: string;

  /** @param keys the current key first, then older keys still needed to open old records. */
  constructor(keys: Buffer | string | Array<Buffer | string>) {
    const list = Array.isArray(keys) ? keys : [keys];
    if (list.length === 0) throw new SecretsError('SecretBox needs at least one key');
    for (const k of list) {
      const buf = typeof k === 'string' ? parseSecretsKey(k) : k;
      if (buf.length !== 32) throw new SecretsError(`a secrets key must be 32 bytes, got ${buf.length}`);
      const kid = keyId(buf);
      if (!this.keys.has(kid)) this.keys.set(kid, Buffer.from(buf));
    }
    this.currentKid = this.keys.keys().next().value as string;
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /**
   * Seals bound to `binding` (its record). Without one, the old unbound format: only for values that
   * belong to no record of ours (the old bot's documents, migration 004).
   */
  seal(plaintext: string | Buffer, binding?: SecretBinding): SealedSecret {
    const key = this.keys.get(this.currentKid) as Buffer;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(binding ? boundAad(this.currentKid, binding) : Buffer.concat([AAD, Buffer.from(this.currentKid)]));
    const ct = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
    return {
      v: 1,
      kid: this.currentKid,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ct: ct.toString('base64'),
      ...(binding ? { aad: BOUND } : {}),
    };
  }

  /** Opens a seal of the record `binding` names; an unbound (old) seal opens whatever the binding. */
  openBuffer(sealed: SealedSecret, binding?: SecretBinding): Buffer {
    if (!sealed || typeof sealed !== 'object' || sealed.v !== 1) {
      throw new SecretsError('unsupported sealed secret format (expected v: 1)');
    }
    const key = this.keys.get(sealed.kid);
    if (!key) {
      throw new SecretsError(
        `secret was sealed with key id ${sealed.kid}, which is not configured (known: ${this.keyIds.join(', ')}); add the old key to the keyring`,
      );
    }
    const iv = Buffer.from(sealed.iv, 'base64');
    const tag = Buffer.from(sealed.tag, 'base64');
    if (iv.length !== 12 || tag.length !== 16) throw new SecretsError('sealed secret is corrupt (bad IV or tag length)');
    const aad = aadOf(sealed, binding);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(aad);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]);
    } catch {
      throw new SecretsError('sealed secret failed authentication: it was tampered with, sealed with a different key, or sealed for another record');
    }
  }

  open(sealed: SealedSecret, binding?: SecretBinding): string {
    return this.openBuffer(sealed, binding).toString('utf8');
  }

  /** True when the record was sealed with an older key and should be re-sealed. */
  needsRotation(sealed: SealedSecret): boolean {
    return sealed.kid !== this.currentKid;
  }

  /** Opens with any known key (as bound to `from`) and seals with the current one, bound to `to`. */
  reseal(sealed: SealedSecret, from?: SecretBinding, to: SecretBinding | undefined = from): SealedSecret {
    return this.seal(this.openBuffer(sealed, from), to);
  }
}

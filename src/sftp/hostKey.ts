import { createHash } from 'node:crypto';
import type { Algorithms } from 'ssh2';
import { HostKeyMismatchError } from './errors.js';

/** OpenSSH-style fingerprint of a raw host key blob: `SHA256:<base64 without padding>`. */
export function fingerprintSha256(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** A fingerprint as typed or stored (with or without `SHA256:`, padding or spaces), in fingerprintSha256's form. */
export function normalizeFingerprint(fp: string): string {
  const t = fp.trim();
  return t.startsWith('SHA256:') ? t.replace(/=+$/, '') : `SHA256:${t.replace(/=+$/, '')}`;
}

export const LEGACY_ALGORITHMS: Algorithms = {
  kex: { append: ['diffie-hellman-group14-sha1'], prepend: [], remove: [] },
  serverHostKey: { append: ['ssh-rsa'], prepend: [], remove: [] },
  cipher: { append: ['aes128-cbc', 'aes256-cbc'], prepend: [], remove: [] },
  hmac: { append: ['hmac-sha1'], prepend: [], remove: [] },
};

/**
 * ssh2's algorithm option for a server: its defaults, plus the legacy ones when asked for. The full
 * connection and the key-only probe use this alike, so both negotiate the same host key type.
 */
export function algorithmsFor(legacy: boolean | undefined): { algorithms?: Algorithms } {
  return legacy ? { algorithms: LEGACY_ALGORITHMS } : {};
}

/**
 * The host-key check of one connection attempt. `verify` is ssh2's hostVerifier: it runs during the
 * key exchange, before authentication, so a key other than the pinned one ends the attempt before any
 * credential is sent. Without a pin (testConnection reporting a key) any key passes and is recorded.
 */
export class HostKeyCheck {
  presented: string | undefined;
  readonly pinned: string | undefined;

  constructor(pinned: string | undefined) {
    this.pinned = pinned ? normalizeFingerprint(pinned) : undefined;
  }

  readonly verify = (key: Buffer): boolean => {
    this.presented = fingerprintSha256(key);
    return this.pinned === undefined || this.pinned === this.presented;
  };

  /** The error to report when the attempt failed because the key was not the pinned one. */
  mismatch(target: { host: string; port: number }): HostKeyMismatchError | undefined {
    const { pinned, presented } = this;
    return pinned !== undefined && presented !== undefined && presented !== pinned ? new HostKeyMismatchError(pinned, presented, target) : undefined;
  }
}

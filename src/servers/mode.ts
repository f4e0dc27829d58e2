/**
 * A game server's mode, decided in one place: whether this process polls it, keeps it connected for
 * commands, or neither, and why. The reconcile (./reconcile.ts) applies the decision to the pool and
 * polling; commands, backfill and /server list ask this function instead of checking fields themselves.
 */
import type { GameServer } from '../db/schemas.js';
import { TIERS, type TierName } from '../premium/tiers.js';

/**
 * In order of precedence (a blocked server beyond the tier's limit shows as blocked: that is what the
 * admin must fix first):
 * - `blocked`: the host showed another key than the pinned one; nothing connects until an admin trusts it.
 * - `unreadable`: the stored password cannot be opened (SECRETS_KEY changed, or deleted when the bot left).
 * - `untrusted`: no key was ever trusted (a migrated server); nothing is sent before `/server test` → Trust.
 * - `tierPaused`: beyond the tier's server count (the oldest servers fit); resumes when the tier allows.
 * - `paused`: an admin paused it (`/server settings paused`).
 * - `polled`.
 */
export type ServerMode = 'blocked' | 'unreadable' | 'untrusted' | 'tierPaused' | 'paused' | 'polled';

/** Where a server stands in its guild: the tier in force, and its rank among the guild's servers (0 = oldest). */
export interface TierPlace {
  tier: TierName;
  rank: number;
}

export interface ServerDecision {
  mode: ServerMode;
  /** Beyond the tier's server count: what `status.tierPaused` records, also while blocked or paused. */
  overLimit: boolean;
  /** The SFTP pool may connect (browse, download): a trusted key that did not change and a readable password. */
  connects: boolean;
  /** The poll interval of a polled server when its tier is known: the admin's setting, the tier's floor at least. */
  pollSeconds: number | null;
}

/**
 * The one decision. With `place` (the reconcile, which knows the tier and the guild's servers) the tier's
 * limit is computed; without it (a reader holding only the document) the stored `status.tierPaused`,
 * which is the last reconcile's decision, stands for it. Pure: no I/O, no clock.
 */
export function serverMode(server: GameServer, place?: TierPlace): ServerDecision {
  const { status, settings } = server;
  const overLimit = place ? place.rank >= TIERS[place.tier].servers : status.tierPaused != null;
  const mode: ServerMode = status.hostKeyMismatch
    ? 'blocked'
    : status.credentialsUnreadable
      ? 'unreadable'
      : !server.hostKeyFingerprint
        ? 'untrusted'
        : overLimit
          ? 'tierPaused'
          : settings.paused
            ? 'paused'
            : 'polled';
  const connects = mode === 'polled' || mode === 'paused' || mode === 'tierPaused';
  const pollSeconds = mode === 'polled' && place ? Math.max(settings.pollSeconds, TIERS[place.tier].minPollSeconds) : null;
  return { mode, overLimit, connects, pollSeconds };
}

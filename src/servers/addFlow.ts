/**
 * The add and edit flow (Trust & save). The one rule for credentials: a password is sent only to a host
 * that has shown the key pinned for that server. A key nobody trusted yet (a new server, a new address, a
 * migrated server) is fetched by a key-only check (no authentication), shown to the admin, and only after
 * Trust does the real connection test log in, with that key pinned.
 */
import type { GameServer, PendingServer } from '../db/schemas.js';
import { shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import { TIERS, tierName, type TierName } from '../premium/tiers.js';
import { SecretsError } from '../security/secrets.js';
import type { ConnectionReport } from '../sftp/connectivity.js';
import { HostKeyMismatchError } from '../sftp/errors.js';
import { checkHostKey, layoutOf, probe, type KeyCheck } from './connect.js';
import type { ServersCore } from './core.js';
import type { StoredPasswords } from './credentials.js';
import { hostKeyBlockedError } from './refusals.js';
import { parseServerInput, type ServerInput } from './input.js';
import type { KeyTrust } from './keyTrust.js';
import { serverMode } from './mode.js';
import { ServerLimitReached } from './slots.js';

/** The add/edit form's fields as typed (src/servers/form.ts). */
export interface ServerForm {
  name: string;
  address: string;
  username: string;
  password: string;
  root: string;
}

/** A host's key the admin has to see (and trust) before any password is sent to it. */
export interface TrustProposal {
  pendingId: string;
  input: ServerInput;
  key: KeyCheck;
}

/** What Trust & save stored, and what the connection test after it found. */
export interface TrustResult {
  name: string;
  fingerprint: string;
  report: ConnectionReport;
}

export type EditOutcome = { kind: 'saved'; name: string; keptPassword: boolean; report: ConnectionReport } | ({ kind: 'trust' } & TrustProposal);

function limitError(tier: TierName, count: number): UserError {
  return new UserError(msg('server.error.limit', { count, tier: tierName(tier), limit: TIERS[tier].servers }), 'premium');
}

export class AddFlow {
  constructor(
    private readonly core: ServersCore,
    private readonly passwords: StoredPasswords,
    private readonly keys: Pick<KeyTrust, 'testPinned'>,
  ) {}

  /** Refuses a new server when the guild already has as many as its premium tier allows. */
  async assertCanAdd(guildId: string): Promise<void> {
    const [tier, count] = await Promise.all([this.core.tiers.tier(guildId), this.core.repo.count(guildId)]);
    if (count >= TIERS[tier].servers) throw limitError(tier, count);
  }

  /** Validates the form, checks limits and fetches the host's key; nothing is saved or sent until Trust. */
  async proposeAdd(guildId: string, userId: string, form: ServerForm, legacyAlgorithms: boolean): Promise<TrustProposal> {
    const input = parseServerInput({ ...form, legacyAlgorithms });
    await this.assertCanAdd(guildId);
    await this.assertNameFree(guildId, input.name);
    const key = await checkHostKey(input, this.core.probe);
    return this.propose(guildId, userId, input, key, null);
  }

  /**
   * An edit. The same address with its pinned key is tested and saved at once. Another address (or a server
   * never trusted) gets a key-only check: the pinned key again → tested and saved; another key → a Trust
   * prompt, and then the password must be typed again: the stored one only ever goes to the trusted key.
   */
  async proposeEdit(server: GameServer, userId: string, form: ServerForm, legacyAlgorithms: boolean | undefined): Promise<EditOutcome> {
    const { repo } = this.core;
    const keptPassword = form.password === '';
    const input = parseServerInput({
      ...form,
      password: keptPassword ? await this.passwords.require(server) : form.password,
      legacyAlgorithms: legacyAlgorithms ?? server.legacyAlgorithms,
    });
    await this.assertNameFree(server.guildId, input.name, server._id);
    const sameAddress = input.host === server.host && input.port === server.port;
    if (sameAddress && serverMode(server).mode === 'blocked') throw hostKeyBlockedError(server);
    let pinned = sameAddress ? server.hostKeyFingerprint : null;
    if (!pinned) {
      const key = await checkHostKey(input, this.core.probe);
      if (key.fingerprint !== server.hostKeyFingerprint) {
        if (keptPassword) throw new UserError(msg('server.error.movedNeedsPassword', { name: shownName(server.name) }), 'validation');
        return { kind: 'trust', ...(await this.propose(server.guildId, userId, input, key, server._id)) };
      }
      pinned = key.fingerprint;
    }
    const report = await this.keys.testPinned(server, input, pinned);
    const sealed = repo.seal(input);
    await repo.updateConnection(server.guildId, server._id, keptPassword ? { ...sealed, password: undefined } : sealed, pinned, layoutOf(report));
    await this.core.reconcile(server.guildId);
    return { kind: 'saved', name: input.name, keptPassword, report };
  }

  /**
   * Trust & save: pins the key the admin saw, runs the real connection test against it (the password goes
   * out only now), then stores the server (new, or the edited one). A failed test saves nothing.
   */
  async trust(guildId: string, userId: string, pendingId: string): Promise<TrustResult> {
    const { repo } = this.core;
    const pending = await repo.pending.take(guildId, userId, pendingId);
    // One use: a failed test needs the form again (its details are what failed).
    await repo.pending.delete(guildId, pending._id);
    const input = { ...pending.input, password: this.pendingPassword(pending) };
    let report: ConnectionReport;
    try {
      report = await probe(input, this.core.probe, pending.fingerprint);
    } catch (err) {
      // Not a stored server's mismatch (nothing is blocked): the prompt's key is not the host's any more.
      if (err instanceof HostKeyMismatchError) throw new UserError(msg('server.error.keyChangedBeforeSave', { presented: err.actual }), 'external');
      if (err instanceof UserError) throw new UserError(msg('server.error.notSaved', { reason: err.text }), err.category);
      throw err;
    }
    // The password is sealed anew for the record it is stored in (the prompt's seal opens only as the prompt's).
    const sealed = repo.seal(input);
    let serverId = pending.serverId;
    if (serverId) {
      await repo.updateConnection(guildId, serverId, sealed, pending.fingerprint, layoutOf(report));
    } else {
      // The limit is checked by the insert itself: two Trust & save clicks racing at the limit save one server.
      const tier = await this.core.tiers.tier(guildId);
      try {
        serverId = (await repo.create(guildId, userId, sealed, pending.fingerprint, layoutOf(report), TIERS[tier].servers))._id;
      } catch (err) {
        if (err instanceof ServerLimitReached) throw limitError(tier, err.count);
        throw err;
      }
    }
    await this.core.reconcile(guildId);
    return { name: pending.input.name, fingerprint: pending.fingerprint, report };
  }

  cancel(guildId: string, pendingId: string): Promise<void> {
    return this.core.repo.pending.delete(guildId, pendingId);
  }

  /** A prompt whose password cannot be opened (sealed for another prompt, or a key since dropped) is refused, not a crash. */
  private pendingPassword(pending: PendingServer): string {
    try {
      return this.core.repo.pending.openPassword(pending);
    } catch (err) {
      if (!(err instanceof SecretsError)) throw err;
      this.core.logger.warn({ guildId: pending.guildId, pendingId: pending._id }, 'pending server add: sealed password cannot be opened');
      throw new UserError(msg('server.error.promptPasswordUnreadable'), 'validation');
    }
  }

  private async assertNameFree(guildId: string, name: string, exceptId?: string): Promise<void> {
    if (await this.core.repo.nameTaken(guildId, name, exceptId)) throw new UserError(msg('server.error.nameTaken', { name: shownName(name) }), 'conflict');
  }

  private async propose(guildId: string, userId: string, input: ServerInput, key: KeyCheck, serverId: string | null): Promise<TrustProposal> {
    const { repo } = this.core;
    const pending = await repo.pending.create({ guildId, userId, serverId, input: repo.seal(input), fingerprint: key.fingerprint, layout: null });
    return { pendingId: pending._id, input, key };
  }
}

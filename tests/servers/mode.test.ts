/** serverMode: a game server's mode decided from its document, the tier in force and its rank in the guild. */
import { describe, expect, it } from 'vitest';
import { gameServerSchema, type GameServer } from '../../src/db/schemas.js';
import { TIERS } from '../../src/premium/tiers.js';
import { serverMode } from '../../src/servers/mode.js';

const AT = new Date('2026-01-01T00:00:00Z');

function server(over: { settings?: Partial<GameServer['settings']>; status?: Partial<GameServer['status']>; hostKeyFingerprint?: string | null } = {}): GameServer {
  return gameServerSchema.parse({
    _id: 'abcd1234',
    guildId: '1700000000000000001',
    name: 'EU One',
    host: 'game.example.org',
    port: 8822,
    username: 'deadside',
    password: { v: 1, kid: 'k', iv: 'aXY=', tag: 'dGFn', ct: 'Y3Q=' },
    hostKeyFingerprint: 'hostKeyFingerprint' in over ? over.hostKeyFingerprint : 'SHA256:x',
    settings: over.settings ?? {},
    status: over.status ?? {},
    createdBy: '1700000000000000002',
    createdAt: AT,
    updatedAt: AT,
  });
}

const FREE_FIRST = { tier: 'free', rank: 0 } as const;

describe('serverMode', () => {
  it('a trusted, readable, unpaused server within the tier is polled, at the admin’s interval or the tier’s floor', () => {
    expect(serverMode(server(), FREE_FIRST)).toEqual({ mode: 'polled', overLimit: false, connects: true, pollSeconds: TIERS.free.minPollSeconds });
    expect(serverMode(server({ settings: { pollSeconds: 120 } }), FREE_FIRST).pollSeconds).toBe(120);
    // 15 s was set on Pro; the lapsed grant's Free floor applies.
    expect(serverMode(server({ settings: { pollSeconds: 15 } }), FREE_FIRST).pollSeconds).toBe(TIERS.free.minPollSeconds);
    expect(serverMode(server({ settings: { pollSeconds: 15 } }), { tier: 'pro', rank: 0 }).pollSeconds).toBe(15);
  });

  it('each blocking condition gives its own mode; none of them connects', () => {
    const cases: Array<[GameServer, string]> = [
      [server({ status: { hostKeyMismatch: { presented: 'SHA256:y', at: AT } } }), 'blocked'],
      [server({ status: { credentialsUnreadable: AT } }), 'unreadable'],
      [server({ hostKeyFingerprint: null }), 'untrusted'],
    ];
    for (const [s, mode] of cases) expect(serverMode(s, FREE_FIRST)).toEqual({ mode, overLimit: false, connects: false, pollSeconds: null });
  });

  it('paused by the admin or beyond the tier: not polled, still connectable for browsing', () => {
    expect(serverMode(server({ settings: { paused: true } }), FREE_FIRST)).toEqual({ mode: 'paused', overLimit: false, connects: true, pollSeconds: null });
    expect(serverMode(server(), { tier: 'free', rank: 1 })).toEqual({ mode: 'tierPaused', overLimit: true, connects: true, pollSeconds: null });
  });

  it('the tier’s limit counts the oldest servers first: rank below the limit fits', () => {
    const ranks = Array.from({ length: 5 }, (_, rank) => serverMode(server(), { tier: 'supporter', rank }).mode);
    expect(ranks).toEqual(['polled', 'polled', 'polled', 'tierPaused', 'tierPaused']);
  });

  it('precedence: a changed key first, then the password, the trust, the tier, the admin’s pause', () => {
    const everything = server({
      hostKeyFingerprint: 'SHA256:x',
      settings: { paused: true },
      status: { hostKeyMismatch: { presented: 'SHA256:y', at: AT }, credentialsUnreadable: AT, tierPaused: AT },
    });
    expect(serverMode(everything, { tier: 'free', rank: 3 })).toMatchObject({ mode: 'blocked', overLimit: true });
    expect(serverMode(server({ hostKeyFingerprint: null, status: { credentialsUnreadable: AT } })).mode).toBe('unreadable');
    expect(serverMode(server({ hostKeyFingerprint: null, status: { tierPaused: AT } })).mode).toBe('untrusted');
    expect(serverMode(server({ settings: { paused: true }, status: { tierPaused: AT } })).mode).toBe('tierPaused');
  });

  it('without the tier (a reader holding only the document), the stored tier pause stands for the last reconcile’s decision', () => {
    expect(serverMode(server({ status: { tierPaused: AT } }))).toEqual({ mode: 'tierPaused', overLimit: true, connects: true, pollSeconds: null });
    expect(serverMode(server())).toEqual({ mode: 'polled', overLimit: false, connects: true, pollSeconds: null });
    // With the tier, the stored mark is what gets corrected: a grant lifts it, a lapse sets it.
    expect(serverMode(server({ status: { tierPaused: AT } }), { tier: 'pro', rank: 1 }).overLimit).toBe(false);
    expect(serverMode(server(), { tier: 'free', rank: 1 }).overLimit).toBe(true);
  });
});

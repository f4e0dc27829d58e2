import { describe, expect, it } from 'vitest';
import { gameServerSchema } from '../../src/db/schemas.js';
import { ingestTargetOf } from '../../src/servers/polling.js';

const server = (settings: Record<string, unknown>, channels: Record<string, unknown> = {}) =>
  gameServerSchema.parse({
    _id: 'abcd1234',
    guildId: '1700000000000000001',
    name: 'EU One',
    host: 'game.example.org',
    port: 8822,
    username: 'deadside',
    password: { v: 1, kid: 'k', iv: 'aXY=', tag: 'dGFn', ct: 'Y3Q=' },
    hostKeyFingerprint: 'SHA256:x',
    settings,
    channels,
    createdBy: '1700000000000000002',
    createdAt: new Date(),
    updatedAt: new Date(),
  });

describe('a game server as the ingestion engine sees it', () => {
  it('polls at the interval decided for it (serverMode: the admin’s, the tier’s floor at least; tests/servers/mode.test.ts)', () => {
    expect(ingestTargetOf(server({ pollSeconds: 15 }), 30).pollSeconds).toBe(30);
  });

  it('passes feed settings and only the channels that are set', () => {
    const t = ingestTargetOf(server({ killfeedDelaySeconds: 90, showSuicides: false }, { killfeed: '1700000000000000010', playercount: '1700000000000000011' }), 60);
    expect(t).toMatchObject({ serverId: 'abcd1234', poolKey: 'abcd1234', settings: { killfeedDelaySeconds: 90, showSuicides: false } });
    expect(t.channels).toEqual({ killfeed: '1700000000000000010', events: undefined, connections: undefined, playercount: '1700000000000000011' });
  });

  it('passes the kill post style and long-shot distance; an older document reads as rich and 250 m', () => {
    expect(ingestTargetOf(server({}), 60).settings).toMatchObject({ style: 'rich', longshotMetres: 250 });
    expect(server({}).settings).toMatchObject({ killfeedStyle: 'rich', longshotMetres: 250 });
    expect(ingestTargetOf(server({ killfeedStyle: 'compact', longshotMetres: 120 }), 60).settings).toMatchObject({ style: 'compact', longshotMetres: 120 });
    // A stored value outside the command's bounds (written by hand) is brought into them.
    expect(ingestTargetOf(server({ longshotMetres: 5 }), 60).settings?.longshotMetres).toBe(50);
    expect(ingestTargetOf(server({ longshotMetres: 99_999 }), 60).settings?.longshotMetres).toBe(2000);
  });
});

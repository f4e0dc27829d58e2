import { describe, expect, it } from 'vitest';
import { gameServerSchema } from '../../src/db/schemas.js';
import { translator } from '../../src/i18n/translate.js';
import { foundLines, listEmbeds } from '../../src/servers/views.js';
import type { RemoteEntry } from '../../src/sftp/connection.js';
import { detectLayout } from '../../src/sftp/layout.js';

/** A directory tree as paths → entries, for the layout detector (which only lists folders). */
function lister(files: string[]) {
  const at = new Date(0);
  return {
    async list(dir: string): Promise<RemoteEntry[]> {
      const prefix = dir === '/' ? '/' : `${dir}/`;
      const names = new Map<string, RemoteEntry['type']>();
      for (const f of files) {
        if (!f.startsWith(prefix)) continue;
        const [name, ...rest] = f.slice(prefix.length).split('/');
        names.set(name!, rest.length ? 'dir' : 'file');
      }
      return [...names].map(([name, type]) => ({ name, type, size: 1, modifiedAt: at }));
    },
  };
}

const report = async (files: string[]) => ({
  address: '203.0.113.5',
  connectMs: 1,
  latencyMs: 1,
  fingerprint: 'SHA256:x',
  root: '/',
  layout: await detectLayout(lister(files), '/'),
});

describe('what /server add and /server test found', () => {
  it('lists the killfeed folder and Deadside.log of one server', async () => {
    const text = foundLines(await report(['/1.2.3.4_7020/actual1/deathlogs/world_0/2025.05.01-00.00.00.csv', '/1.2.3.4_7020/Logs/Deadside.log']));
    expect(text).toContain('📁 `/1.2.3.4_7020/actual1/deathlogs/world_0` — 1 CSV file');
    expect(text).toContain('📄 `/1.2.3.4_7020/Logs/Deadside.log`');
    expect(text).not.toContain('game servers under this root');
  });

  it('asks for a narrower root when several game servers share it', async () => {
    const text = foundLines(
      await report([
        '/1.2.3.4_7020/actual1/deathlogs/world_0/2025.05.01-00.00.00.csv',
        '/1.2.3.4_7020/Logs/Deadside.log',
        '/5.6.7.8_7021/actual1/deathlogs/world_0/2025.05.01-00.00.00.csv',
        '/5.6.7.8_7021/Logs/Deadside.log',
      ]),
    );
    expect(text).toMatch(/⚠️ 2 game servers under this root: set the root to one server's folder, e\.g\. `\/(1\.2\.3\.4_7020|5\.6\.7\.8_7021)`/);
  });
});

describe('/server list', () => {
  const server = (status: Record<string, unknown>) =>
    gameServerSchema.parse({
      _id: 'srv1',
      guildId: '1710000000000000001',
      name: 'EU 1',
      host: 'game.example.org',
      port: 22,
      username: 'u',
      password: { v: 1, kid: 'k', iv: 'aXY=', tag: 'dGFn', ct: 'Y3Q=' },
      hostKeyFingerprint: 'SHA256:x',
      status,
      createdBy: 'u',
      createdAt: new Date(0),
      updatedAt: new Date(0),
    });
  const shown = (s: ReturnType<typeof server>, locale: string) => JSON.stringify(listEmbeds([s], 'free', translator({ locale })).map((e) => e.toJSON()));

  it('shows the last poll error in the reader’s language where it is a message we name', () => {
    // As stored by a poll (a round trip through MongoDB keeps key and parameters, not the brand).
    const stored = { lastError: 'authentication failed: check the username and password', lastErrorText: { key: 'sftp.error.auth' }, lastErrorAt: new Date() };
    expect(shown(server(stored), 'ru')).toContain(translator({ locale: 'ru' }).t('sftp.error.auth'));
    expect(shown(server(stored), 'en-US')).toContain('authentication failed: check the username and password');
  });

  it('shows an error as recorded where it is not one we name, or its key is gone', () => {
    expect(shown(server({ lastError: 'ECONNRESET', lastErrorAt: new Date() }), 'ru')).toContain('ECONNRESET');
    expect(shown(server({ lastError: 'old words', lastErrorText: { key: 'gone.key' }, lastErrorAt: new Date() }), 'de')).toContain('old words');
  });
});

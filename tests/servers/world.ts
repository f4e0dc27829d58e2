/** A GameServers over real parts (sshd on loopback, SftpPool, ingestion engine, jongodb), for the servers tests. */
import { REST } from 'discord.js';
import type { Collections } from '../../src/db/collections.js';
import { collections, ensureIndexes } from '../../src/db/collections.js';
import { IngestEngine } from '../../src/ingest/index.js';
import { GuildConfigRepo } from '../../src/repos/guildConfigRepo.js';
import { SecretBox } from '../../src/security/secrets.js';
import type { ServerAlerts } from '../../src/servers/alerts.js';
import { GameServers, type ServerForm } from '../../src/servers/gameServers.js';
import { ServerRepo } from '../../src/servers/repo.js';
import { SftpPool } from '../../src/sftp/pool.js';
import { silentLogger } from '../ingest/helpers.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';

export const SECRETS_KEY = Buffer.alloc(32, 9);

export interface ServersWorld {
  sshd: Sshd;
  mongo: TestMongo;
  cols: Collections;
  pool: SftpPool;
  guildConfigs: GuildConfigRepo;
  repo: ServerRepo;
  /** Alerts GameServers raised on its own (their Discord side is covered by tests/e2e/server.test.ts). */
  alerts: Array<{ kind: 'hostKeyChanged' | 'credentialsUnreadable' | 'tierDowngraded' | 'importedServer'; serverId: string; presented?: string }>;
  /** A new GameServers over the same parts (as after a restart). */
  build(): GameServers;
  /** The add/edit form for the sshd (or another port). */
  form(name: string, over?: Partial<ServerForm>): ServerForm;
  stop(): Promise<void>;
}

export async function startServersWorld(): Promise<ServersWorld> {
  const [sshd, mongo] = await Promise.all([startSshd({ tree: (root) => writeDeadsideTree(root, { realCsvs: false }).then(() => undefined) }), startMongo()]);
  const cols = collections(mongo.db);
  await ensureIndexes(cols);
  const pool = new SftpPool({ allowPrivate: true, logger: silentLogger });
  const guildConfigs = new GuildConfigRepo(cols.guildConfigs);
  const repo = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(SECRETS_KEY));
  const alerts: ServersWorld['alerts'] = [];
  const recorder: ServerAlerts = {
    hostKeyChanged: async (server, presented) => void alerts.push({ kind: 'hostKeyChanged', serverId: server._id, presented }),
    credentialsUnreadable: async (server) => void alerts.push({ kind: 'credentialsUnreadable', serverId: server._id }),
    // One entry per notice, named by the guild (a downgrade concerns all of a guild's servers).
    tierDowngraded: async (downgrade) => void alerts.push({ kind: 'tierDowngraded', serverId: downgrade.guildId }),
    importedServer: async (server) => void alerts.push({ kind: 'importedServer', serverId: server._id }),
  };
  return {
    sshd,
    mongo,
    cols,
    pool,
    guildConfigs,
    repo,
    alerts,
    build: () =>
      new GameServers({
        repo,
        pool,
        tiers: guildConfigs,
        alerts: recorder,
        // No feed channel is set in these tests: the engine never posts, so REST points nowhere.
        engine: (hooks) => new IngestEngine({ db: mongo.db, rest: new REST({ api: 'http://127.0.0.1:9/api' }), logger: silentLogger, ...hooks }),
        logger: silentLogger,
        probe: { allowPrivate: true, slots: pool },
      }),
    form: (name, over = {}) => ({ name, address: `127.0.0.1:${sshd.port}`, username: sshd.username, password: sshd.password, root: sshd.root, ...over }),
    async stop() {
      await pool.close();
      await Promise.all([sshd.stop(), mongo.stop()]);
    },
  };
}

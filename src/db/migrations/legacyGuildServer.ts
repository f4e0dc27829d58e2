/** Migration 004's creation of the game server an old guild's SFTP integration becomes. */
import type { Collection } from 'mongodb';
import { gameServerSchema, type GameServer } from '../schemas.js';
import type { SealedSecret } from '../../security/secrets.js';
import { SERVER_NAME_MAX } from '../../servers/input.js';
import { isDuplicateKey } from '../duplicateKey.js';
import type { SftpTarget } from './legacyGuildParse.js';

/** Inserts the server unless it exists; resolves with its name when this call created it (or would). */
export async function createServer(
  servers: Collection<GameServer>,
  s: { serverId: string; guildId: string; source: string; target: SftpTarget; password: SealedSecret | null; dryRun: boolean },
): Promise<string | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await servers.findOne({ _id: s.serverId })) return null;
    // Names are unique per guild: the host, or the host with a number when an admin already used it.
    const taken = new Set((await servers.find({ guildId: s.guildId }).toArray()).map((x) => x.name.toLowerCase()));
    const base = [...s.target.host].slice(0, SERVER_NAME_MAX).join('');
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${[...base].slice(0, SERVER_NAME_MAX - 5).join('')} (${n})`;
    if (s.dryRun) return name;
    if (!s.password) throw new Error(`migrated game server ${s.serverId}: the sealed password could not be read back`);
    const now = new Date();
    const doc = gameServerSchema.parse({
      _id: s.serverId,
      guildId: s.guildId,
      name,
      ...s.target,
      password: s.password,
      hostKeyFingerprint: null,
      status: { lastPollAt: null, lastError: null, lastErrorAt: null, linesRead: 0, hostKeyMismatch: null, credentialsUnreadable: null, migrated: { from: s.source, at: now, noticeSent: false } },
      createdBy: 'migration',
      createdAt: now,
      updatedAt: now,
    });
    try {
      await servers.insertOne(doc);
      return name;
    } catch (err) {
      // Our own id (a concurrent run) or a name taken meanwhile: look again.
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error(`could not create the migrated game server ${s.serverId}: names keep colliding`);
}

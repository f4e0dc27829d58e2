/**
 * Access control for the stand-in mongod (tests/support/fake-mongod.ts). jongodb has none, so the stand-in
 * puts this loopback front before it and does, at the wire, what mongod with `--auth`/`--keyFile` does:
 * - until a connection has authenticated, only the handshake and auth commands run (hello, isMaster, ping,
 *   buildInfo, saslStart, saslContinue); any other command gets mongod's answer, `Command <name> requires
 *   authentication` (code 13 Unauthorized), and a legacy OP_QUERY or unknown message closes the connection;
 * - SCRAM-SHA-256 and SCRAM-SHA-1 (RFC 5802/7677) are checked against stored keys only: the keyfile's
 *   internal user `__system@local`, and users made with createUser/updateUser (by an authenticated
 *   `__system` or root), kept in a JSON file of the dbpath as mongod keeps admin.system.users: salt,
 *   iteration count, StoredKey and ServerKey, never the password;
 * - once authenticated, every message goes to jongodb unchanged.
 * Not modelled: the localhost exception (the stand-in is stricter: nothing runs unauthenticated), roles
 * beyond "may manage users", and speculative authentication in hello (the driver then runs saslStart, as
 * with any server that does not answer it).
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { BSON, Binary } from 'mongodb';

type Mechanism = 'SCRAM-SHA-1' | 'SCRAM-SHA-256';
const HASH: Record<Mechanism, 'sha1' | 'sha256'> = { 'SCRAM-SHA-1': 'sha1', 'SCRAM-SHA-256': 'sha256' };
/** mongod's defaults (scramIterationCount, scramSHA256IterationCount). */
const ITERATIONS: Record<Mechanism, number> = { 'SCRAM-SHA-1': 10_000, 'SCRAM-SHA-256': 15_000 };
const OP_QUERY = 2004;
const OP_MSG = 2013;
const MAX_MESSAGE = 48 * 1024 * 1024;
const PRE_AUTH = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'buildInfo', 'buildinfo', 'saslStart', 'saslContinue']);
const USER_ADMIN_ROLES = new Set(['__system', 'root', 'userAdminAnyDatabase']);

interface ScramSecrets {
  salt: string;
  iterations: number;
  storedKey: string;
  serverKey: string;
}
interface StoredUser {
  user: string;
  db: string;
  roles: { role: string; db: string }[];
  credentials: Partial<Record<Mechanism, ScramSecrets>>;
}

const hmac = (hash: string, key: Buffer, text: string | Buffer) => createHmac(hash, key).update(text).digest();

function secretsFor(mechanism: Mechanism, password: string): ScramSecrets {
  const hash = HASH[mechanism];
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password, salt, ITERATIONS[mechanism], hash === 'sha1' ? 20 : 32, hash);
  const storedKey = createHash(hash).update(hmac(hash, salted, 'Client Key')).digest('base64');
  return { salt: salt.toString('base64'), iterations: ITERATIONS[mechanism], storedKey, serverKey: hmac(hash, salted, 'Server Key').toString('base64') };
}

/** Both mechanisms, as mongod's createUser makes them: SCRAM-SHA-1 hashes md5(`user:mongo:password`), SCRAM-SHA-256 the password itself (SASLprep is the identity on the ASCII used here). */
function credentialsFor(user: string, password: string): StoredUser['credentials'] {
  const digest = createHash('md5').update(`${user}:mongo:${password}`).digest('hex');
  return { 'SCRAM-SHA-1': secretsFor('SCRAM-SHA-1', digest), 'SCRAM-SHA-256': secretsFor('SCRAM-SHA-256', password) };
}

/** The keyfile's internal user: whitespace is not part of the key (mongod strips it). */
export function internalUser(keyFileContent: string): StoredUser {
  return { user: '__system', db: 'local', roles: [{ role: '__system', db: 'admin' }], credentials: credentialsFor('__system', keyFileContent.replace(/\s/g, '')) };
}

class UserStore {
  constructor(
    private readonly file: string,
    private readonly internal: StoredUser | undefined,
  ) {}
  private all(): StoredUser[] {
    return existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as StoredUser[]) : [];
  }
  find(db: string, user: string): StoredUser | undefined {
    if (this.internal && this.internal.db === db && this.internal.user === user) return this.internal;
    return this.all().find((u) => u.db === db && u.user === user);
  }
  put(entry: StoredUser): void {
    const rest = this.all().filter((u) => !(u.db === entry.db && u.user === entry.user));
    writeFileSync(`${this.file}.tmp`, JSON.stringify([...rest, entry]), { mode: 0o600 });
    renameSync(`${this.file}.tmp`, this.file);
  }
}

type Doc = Record<string, unknown>;
const failure = (code: number, codeName: string, errmsg: string): Doc => ({ ok: 0, errmsg, code, codeName });
const authFailed = () => failure(18, 'AuthenticationFailed', 'Authentication failed.');

/** The first key of the BSON document at `off` (a command's name) without decoding the rest. */
function firstKey(buf: Buffer, off: number): string {
  const end = buf.indexOf(0, off + 5);
  return buf[off + 4] === 0 || end < 0 ? '' : buf.toString('utf8', off + 5, end);
}

let nextRequestId = 1;
function opMsgReply(responseTo: number, doc: Doc): Buffer {
  const body = BSON.serialize(doc);
  const head = Buffer.alloc(21);
  head.writeInt32LE(21 + body.length, 0);
  head.writeInt32LE(nextRequestId++, 4);
  head.writeInt32LE(responseTo, 8);
  head.writeInt32LE(OP_MSG, 12);
  return Buffer.concat([head, body]); // flagBits 0, section kind 0
}

interface Conversation {
  id: number;
  user: StoredUser;
  secrets: ScramSecrets;
  hash: 'sha1' | 'sha256';
  clientFirstBare: string;
  serverFirst: string;
  nonce: string;
}

/** One client connection: its authenticated user and SCRAM conversation. */
class Session {
  user: StoredUser | undefined;
  private conversation: Conversation | undefined;
  private conversations = 0;
  constructor(private readonly users: UserStore) {}

  saslStart(cmd: Doc): Doc {
    const mechanism = cmd.mechanism as Mechanism;
    if (!(mechanism in HASH)) return failure(334, 'MechanismUnavailable', `Received authentication for mechanism ${String(mechanism)} which is not enabled`);
    const first = Buffer.from(cmd.payload as Buffer).toString('utf8');
    const m = /^n,,(n=([^,]*),r=([^,]+))$/.exec(first);
    if (!m) return failure(17, 'ProtocolError', 'Invalid SCRAM client-first message');
    const name = m[2]!.replace(/=2C/g, ',').replace(/=3D/g, '=');
    const user = this.users.find(String(cmd.$db), name);
    const secrets = user?.credentials[mechanism];
    if (!user || !secrets) return authFailed();
    const nonce = m[3]! + randomBytes(18).toString('base64');
    const serverFirst = `r=${nonce},s=${secrets.salt},i=${secrets.iterations}`;
    this.conversation = { id: ++this.conversations, user, secrets, hash: HASH[mechanism], clientFirstBare: m[1]!, serverFirst, nonce };
    return { conversationId: this.conversation.id, done: false, payload: new Binary(Buffer.from(serverFirst)), ok: 1 };
  }

  saslContinue(cmd: Doc): Doc {
    const conv = this.conversation;
    this.conversation = undefined;
    if (!conv || cmd.conversationId !== conv.id) return failure(17, 'ProtocolError', 'No SASL session state found');
    const final = Buffer.from(cmd.payload as Buffer).toString('utf8');
    const m = /^(c=biws,r=([^,]+)),p=([A-Za-z0-9+/=]+)$/.exec(final);
    if (!m || m[2] !== conv.nonce) return authFailed();
    const authMessage = `${conv.clientFirstBare},${conv.serverFirst},${m[1]}`;
    const storedKey = Buffer.from(conv.secrets.storedKey, 'base64');
    const signature = hmac(conv.hash, storedKey, authMessage);
    const proof = Buffer.from(m[3]!, 'base64');
    if (proof.length !== signature.length) return authFailed();
    const clientKey = Buffer.from(proof.map((b, i) => b ^ signature[i]!));
    if (!timingSafeEqual(createHash(conv.hash).update(clientKey).digest(), storedKey)) return authFailed();
    this.user = conv.user;
    const verifier = hmac(conv.hash, Buffer.from(conv.secrets.serverKey, 'base64'), authMessage).toString('base64');
    // done at once: the driver asks for it (skipEmptyExchange), and mongod then skips the empty round.
    return { conversationId: conv.id, done: true, payload: new Binary(Buffer.from(`v=${verifier}`)), ok: 1 };
  }

  manageUser(name: 'createUser' | 'updateUser', cmd: Doc): Doc {
    const db = String(cmd.$db);
    if (!this.user?.roles.some((r) => USER_ADMIN_ROLES.has(r.role))) return failure(13, 'Unauthorized', `not authorized on ${db} to execute command { ${name}: "${String(cmd[name])}" }`);
    const user = String(cmd[name]);
    const existing = this.users.find(db, user);
    if (name === 'createUser' && existing) return failure(51003, 'Location51003', `User "${user}@${db}" already exists`);
    if (name === 'updateUser' && !existing) return failure(11, 'UserNotFound', `Could not find user "${user}@${db}"`);
    if (typeof cmd.pwd !== 'string' && !existing) return failure(2, 'BadValue', 'Must provide a \'pwd\' field for all user documents');
    const roles = Array.isArray(cmd.roles) ? (cmd.roles as unknown[]).map((r) => (typeof r === 'string' ? { role: r, db } : (r as { role: string; db: string }))) : existing!.roles;
    const credentials = typeof cmd.pwd === 'string' ? credentialsFor(user, cmd.pwd) : existing!.credentials;
    this.users.put({ user, db, roles, credentials });
    return { ok: 1 };
  }
}

export interface AuthGateOptions {
  host: string;
  port: number;
  /** jongodb, on loopback. */
  upstreamPort: number;
  /** The stand-in's users (like admin.system.users in mongod's dbpath). */
  usersFile: string;
  /** From --keyFile: adds the internal user __system@local. */
  keyFileContent?: string;
}

/** Serves `host:port`, letting authenticated connections through to jongodb. */
export async function startAuthGate(options: AuthGateOptions): Promise<net.Server> {
  const users = new UserStore(options.usersFile, options.keyFileContent === undefined ? undefined : internalUser(options.keyFileContent));
  const server = net.createServer((client) => {
    const session = new Session(users);
    const upstream = net.connect(options.upstreamPort, '127.0.0.1');
    for (const s of [client, upstream]) s.on('error', () => undefined);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.pipe(client);
    let pending: Buffer = Buffer.alloc(0);

    const handle = (msg: Buffer) => {
      const opCode = msg.readInt32LE(12);
      const requestId = msg.readInt32LE(4);
      // Kind 0 (the command) is the first section a driver sends.
      const name = opCode === OP_MSG && msg[20] === 0 ? firstKey(msg, 21) : opCode === OP_QUERY ? firstKey(msg, msg.indexOf(0, 20) + 9) : '';
      if (opCode === OP_MSG && (name === 'saslStart' || name === 'saslContinue' || name === 'createUser' || name === 'updateUser')) {
        const cmd = BSON.deserialize(msg.subarray(21, 21 + msg.readInt32LE(21)), { promoteBuffers: true }) as Doc;
        const reply = name === 'saslStart' ? session.saslStart(cmd) : name === 'saslContinue' ? session.saslContinue(cmd) : session.manageUser(name, cmd);
        client.write(opMsgReply(requestId, reply));
      } else if (session.user || PRE_AUTH.has(name)) {
        upstream.write(msg);
      } else if (opCode === OP_MSG) {
        client.write(opMsgReply(requestId, failure(13, 'Unauthorized', `Command ${name} requires authentication`)));
      } else {
        client.destroy(); // no reply format for a refused legacy or compressed message is worth modelling
      }
    };
    client.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 16) {
        const length = pending.readInt32LE(0);
        if (length < 16 || length > MAX_MESSAGE) return void client.destroy();
        if (pending.length < length) return;
        handle(pending.subarray(0, length));
        pending = pending.subarray(length);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}

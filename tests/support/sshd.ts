/**
 * A real OpenSSH sshd on 127.0.0.1 for SFTP tests and benchmarks.
 *
 * Needs root (sshd's privilege separation, a local test user) and Debian's openssh-server
 * (/usr/sbin/sshd) + openssh-client (ssh-keygen, sftp). Each call gets its own temp dir with a config,
 * freshly generated host keys, a client key pair, a pid file and a root folder owned by the test user.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chmod, chown, copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KILLFEED_FIXTURES, LOG_FIXTURE } from './fixtures.js';
import { alive, childrenOf, descendantsOf } from './procs.js';

export const TEST_USER = 'towertest';
export const TEST_PASSWORD = 'Tower-test-pw-42!';
const SSHD = '/usr/sbin/sshd';

export interface StartSshdOptions {
  /** Fills the root folder (runs as root; ownership is fixed afterwards). */
  tree?: (root: string) => void | Promise<void>;
  /** Offer only legacy algorithms (dh-group14-sha1, ssh-rsa, aes*-cbc, hmac-sha1). */
  legacyOnly?: boolean;
  /** Reuse this port (e.g. to bring a server back after stop()). */
  port?: number;
  /** Extra sshd_config lines. */
  extraConfig?: string[];
}

export interface Sshd {
  host: string;
  port: number;
  username: string;
  password: string;
  /** Absolute path (on this machine and as seen over SFTP) of the fixture root. */
  root: string;
  /** Client private key (OpenSSH format) authorised for the test user. */
  clientKeyPath: string;
  clientPrivateKey: string;
  /** `SHA256:...` of the ed25519 host key (what ssh2 sees first with default algorithms). */
  hostKeyFingerprintSha256: string;
  /** `SHA256:...` of the RSA host key (what a legacy-only client sees). */
  rsaHostKeyFingerprintSha256: string;
  /** Everything sshd wrote with -e (stderr). */
  logs(): string;
  /** Number of "Accepted password/publickey" lines since start (connections authenticated). */
  acceptedCount(): number;
  /** Live per-connection sshd children of the listener (one per open SSH connection; lags a close a little). */
  connectionCount(): number;
  /** ESTABLISHED TCP connections to the sshd port, seen from the kernel (exact at any instant). */
  tcpConnectionCount(): number;
  stop(): Promise<void>;
  /** Simulates a crash: SIGKILL the listener and every per-connection child. */
  kill(): Promise<void>;
  /** Starts sshd again on the same port with the same config and host keys. */
  restart(): Promise<void>;
  /** Generates new host keys and restarts sshd: clients see a changed host key. */
  rotateHostKey(): Promise<void>;
}

let userReady = false;

/** Creates the local test user with a known password (idempotent). */
export function ensureTestUser(): void {
  if (userReady) return;
  try {
    execFileSync('id', [TEST_USER], { stdio: 'ignore' });
  } catch {
    try {
      execFileSync('useradd', ['-M', '-d', '/nonexistent', '-s', '/bin/sh', TEST_USER], { stdio: 'pipe' });
    } catch (err) {
      // A parallel worker may have created it in between.
      try {
        execFileSync('id', [TEST_USER], { stdio: 'ignore' });
      } catch {
        throw err;
      }
    }
  }
  execFileSync('chpasswd', [], { input: `${TEST_USER}:${TEST_PASSWORD}\n`, stdio: ['pipe', 'ignore', 'pipe'] });
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  userReady = true;
}

function uidGid(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', TEST_USER]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', TEST_USER]).toString().trim());
  return { uid, gid };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function fingerprintOfPub(pubFile: string): string {
  const b64 = readFileSync(pubFile, 'utf8').trim().split(/\s+/)[1] ?? '';
  const digest = createHash('sha256').update(Buffer.from(b64, 'base64')).digest('base64').replace(/=+$/, '');
  return `SHA256:${digest}`;
}

function genKey(type: 'ed25519' | 'rsa', file: string): void {
  for (const f of [file, `${file}.pub`]) if (existsSync(f)) execFileSync('rm', ['-f', f]);
  const args = ['-q', '-t', type, '-N', '', '-f', file, '-C', 'towertest'];
  if (type === 'rsa') args.push('-b', '2048');
  execFileSync('ssh-keygen', args, { stdio: 'ignore' });
}

/** Recursively chowns a tree to the test user. */
async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await chown(dir, uid, gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) await chownTree(p, uid, gid);
    else await chown(p, uid, gid);
  }
}

const LEGACY = [
  'KexAlgorithms diffie-hellman-group14-sha1',
  'HostKeyAlgorithms ssh-rsa',
  'Ciphers aes128-cbc,aes256-cbc',
  'MACs hmac-sha1',
  'PubkeyAcceptedAlgorithms +ssh-rsa',
];

export async function startSshd(options: StartSshdOptions = {}): Promise<Sshd> {
  if (process.getuid?.() !== 0) throw new Error('startSshd needs root (sshd privilege separation, test user)');
  if (!existsSync(SSHD)) throw new Error(`${SSHD} not found: install openssh-server`);
  ensureTestUser();
  const { uid, gid } = uidGid();

  const dir = await mkdtemp(path.join(tmpdir(), 'tower-sshd-'));
  await chmod(dir, 0o755);
  const root = path.join(dir, 'root');
  await mkdir(root, { mode: 0o755 });
  if (options.tree) await options.tree(root);
  await chownTree(root, uid, gid);

  const hostEd = path.join(dir, 'ssh_host_ed25519_key');
  const hostRsa = path.join(dir, 'ssh_host_rsa_key');
  const clientKey = path.join(dir, 'client_ed25519');
  genKey('ed25519', hostEd);
  genKey('rsa', hostRsa);
  genKey('ed25519', clientKey);
  const authorizedKeys = path.join(dir, 'authorized_keys');
  await copyFile(`${clientKey}.pub`, authorizedKeys);
  await chmod(authorizedKeys, 0o644);

  const port = options.port ?? (await freePort());
  const cfgFile = path.join(dir, 'sshd_config');
  const pidFile = path.join(dir, 'sshd.pid');
  const cfg = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostEd}`,
    `HostKey ${hostRsa}`,
    `PidFile ${pidFile}`,
    'UsePAM no',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    `AuthorizedKeysFile ${authorizedKeys}`,
    'PermitRootLogin no',
    `AllowUsers ${TEST_USER}`,
    'StrictModes no',
    'UseDNS no',
    'MaxStartups 200',
    'MaxSessions 50',
    'MaxAuthTries 6',
    'LoginGraceTime 30',
    'LogLevel VERBOSE',
    `Subsystem sftp internal-sftp -d ${root}`,
    ...(options.legacyOnly ? LEGACY : []),
    ...(options.extraConfig ?? []),
    '',
  ].join('\n');
  await writeFile(cfgFile, cfg);

  let log = '';
  let proc: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let hostKeyFingerprintSha256 = fingerprintOfPub(`${hostEd}.pub`);
  let rsaHostKeyFingerprintSha256 = fingerprintOfPub(`${hostRsa}.pub`);

  const launch = async (): Promise<void> => {
    execFileSync(SSHD, ['-t', '-f', cfgFile], { stdio: 'pipe' });
    const p = spawn(SSHD, ['-D', '-e', '-f', cfgFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc = p;
    p.stderr?.setEncoding('utf8');
    p.stderr?.on('data', (d: string) => {
      log += d;
    });
    exited = new Promise((resolve) => p.once('exit', () => resolve()));
    // Ready when the listener logs "Server listening" (or the port accepts).
    const deadline = Date.now() + 10_000;
    while (!/Server listening on 127\.0\.0\.1 port/.test(log.slice(-4000)) || !(await portOpen(port))) {
      if (p.exitCode !== null) throw new Error(`sshd exited (${p.exitCode}):\n${log}`);
      if (Date.now() > deadline) throw new Error(`sshd did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const killAll = async (signal: NodeJS.Signals): Promise<void> => {
    const p = proc;
    if (!p || p.exitCode !== null || p.pid === undefined) return;
    const pids = [p.pid, ...descendantsOf(p.pid)];
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        /* already gone */
      }
    }
    await exited;
    // Children of the priv-sep process are reparented when their parent dies: wait for them too.
    const deadline = Date.now() + 5000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    proc = undefined;
  };

  await launch();
  const sshd: Sshd = {
    host: '127.0.0.1',
    port,
    username: TEST_USER,
    password: TEST_PASSWORD,
    root,
    clientKeyPath: clientKey,
    clientPrivateKey: readFileSync(clientKey, 'utf8'),
    get hostKeyFingerprintSha256() {
      return hostKeyFingerprintSha256;
    },
    get rsaHostKeyFingerprintSha256() {
      return rsaHostKeyFingerprintSha256;
    },
    logs: () => log,
    acceptedCount: () => (log.match(/Accepted (password|publickey) for /g) ?? []).length,
    connectionCount: () => (proc?.pid === undefined ? 0 : childrenOf(proc.pid).length),
    tcpConnectionCount: () => establishedTo(port),
    async stop() {
      // Tests never wait for sessions to drain: the listener and its connection children go at once.
      await killAll('SIGKILL');
    },
    kill: () => killAll('SIGKILL'),
    async restart() {
      await killAll('SIGKILL');
      await launch();
    },
    async rotateHostKey() {
      await killAll('SIGKILL');
      genKey('ed25519', hostEd);
      genKey('rsa', hostRsa);
      hostKeyFingerprintSha256 = fingerprintOfPub(`${hostEd}.pub`);
      rsaHostKeyFingerprintSha256 = fingerprintOfPub(`${hostRsa}.pub`);
      await launch();
    },
  };
  const origStop = sshd.stop;
  sshd.stop = async () => {
    await origStop();
    await rm(dir, { recursive: true, force: true });
  };
  return sshd;
}

/** Server-side ESTABLISHED sockets whose local port is one of `ports` (/proc/net/tcp{,6}; state 01): one read for all. */
export function establishedTo(...ports: number[]): number {
  const wanted = new Set(ports.map((p) => p.toString(16).toUpperCase().padStart(4, '0')));
  let n = 0;
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== '01' || !cols[1]) continue;
      if (wanted.has(cols[1].slice(cols[1].lastIndexOf(':') + 1))) n++;
    }
  }
  return n;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    import('node:net').then(({ connect }) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    }, () => resolve(false));
  });
}

/** The Deadside fixtures (real ones from ../shared where present, else generated): see ./fixtures.ts. */
export { KILLFEED_FIXTURES, LOG_FIXTURE } from './fixtures.js';

export interface DeadsideTreeOptions {
  host?: string;
  serverId?: string | number;
  worlds?: number[];
  /** Put the tree under Deadside/Saved instead of {host}_{id}. */
  savedVariant?: boolean;
  /** Copy the KILLFEED_FIXTURES CSVs (default true) into every world folder. */
  realCsvs?: boolean;
}

/**
 * Writes a Deadside-like tree: `{host}_{id}/actual1/deathlogs/world_N/*.csv` and `{host}_{id}/Logs/Deadside.log`
 * (or `Deadside/Saved/...` with savedVariant). Returns the server folder's path.
 */
export async function writeDeadsideTree(root: string, opts: DeadsideTreeOptions = {}): Promise<string> {
  const base = opts.savedVariant
    ? path.join(root, 'Deadside', 'Saved')
    : path.join(root, `${opts.host ?? '79.127.236.1'}_${opts.serverId ?? 7020}`);
  for (const n of opts.worlds ?? [0]) {
    const world = path.join(base, 'actual1', 'deathlogs', `world_${n}`);
    await mkdir(world, { recursive: true });
    if (opts.realCsvs ?? true) {
      for (const f of await readdir(KILLFEED_FIXTURES)) {
        if (f.endsWith('.csv')) await copyFile(path.join(KILLFEED_FIXTURES, f), path.join(world, f));
      }
    } else {
      await writeFile(path.join(world, '2025.05.01-00.00.00.csv'), '2025.05.01-00.07.23;A;00024d4be1e44ba0aa342b39b0fb9937;B;00022ba2df89427c8a252ab6be1df3f3;M99;152;PS5;XSX;\n');
    }
  }
  await mkdir(path.join(base, 'Logs'), { recursive: true });
  await copyFile(LOG_FIXTURE, path.join(base, 'Logs', 'Deadside.log'));
  return base;
}

/**
 * A read-only SFTP server for benches that need thousands of game servers on this machine: one Node
 * process (ssh2's Server, the library ssh2-sftp-client is built on) serving every connection, where
 * OpenSSH runs three processes per connection (10,000 sshd connections do not fit a 2-core machine).
 * It runs in a CHILD process (`startSftpHost`), so its CPU is the host's, never counted as the bot's.
 *
 * It serves the folder `root` as it is on disk, read-only, to one user with a password: REALPATH, STAT,
 * LSTAT, FSTAT, OPENDIR/READDIR, OPEN (read) / READ / CLOSE; anything else answers PERMISSION_DENIED.
 * Paths are absolute and must stay inside `root` (as the test sshd, which is not chrooted, shows them).
 * The host key is a fresh ed25519 key; its `SHA256:` fingerprint is what the bot pins.
 *
 * The child prints one JSON line when listening ({ port, fingerprint }), then a line of counters every
 * second ({ accepted, open, requests, byType }).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import ssh2 from 'ssh2';

export interface SftpHostCounters {
  /** Logins accepted so far. */
  accepted: number;
  /** SSH connections open now. */
  open: number;
  /** SFTP requests served so far, and by type. */
  requests: number;
  byType: Record<string, number>;
}

export interface SftpHost {
  host: string;
  port: number;
  username: string;
  password: string;
  root: string;
  hostKeyFingerprintSha256: string;
  /** The child's pid (its CPU and memory are the host side's). */
  pid: number;
  /** The latest counters the child reported (at most a second old). */
  counters(): SftpHostCounters;
  stop(): Promise<void>;
}

/** Starts the server in a child process serving `root`. */
export async function startSftpHost(o: { root: string; username?: string; password?: string }): Promise<SftpHost> {
  const username = o.username ?? 'deadside';
  const password = o.password ?? 'bench-password';
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--sftp-host-child'], {
    env: { ...process.env, SFTP_HOST_ROOT: o.root, SFTP_HOST_USER: username, SFTP_HOST_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let counters: SftpHostCounters = { accepted: 0, open: 0, requests: 0, byType: {} };
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ port: number; fingerprint: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the SFTP host did not start')), 30_000);
    child.once('exit', (code) => reject(new Error(`the SFTP host exited with ${code}`)));
    lines.on('line', (line) => {
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (typeof msg.port === 'number') {
        clearTimeout(timer);
        resolve(msg as unknown as { port: number; fingerprint: string });
      } else if (typeof msg.accepted === 'number') {
        counters = msg as unknown as SftpHostCounters;
      }
    });
  });
  return {
    host: '127.0.0.1',
    port: ready.port,
    username,
    password,
    root: o.root,
    hostKeyFingerprintSha256: ready.fingerprint,
    pid: child.pid!,
    counters: () => counters,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

// ---------------------------------------------------------------- the child

const { STATUS_CODE } = ssh2.utils.sftp;

function attrsOf(st: Stats): ssh2.Attributes {
  return { mode: st.mode, uid: st.uid, gid: st.gid, size: st.size, atime: Math.floor(st.atimeMs / 1000), mtime: Math.floor(st.mtimeMs / 1000) };
}

function longname(name: string, st: Stats): string {
  const type = st.isDirectory() ? 'd' : '-';
  return `${type}r--r--r-- 1 deadside deadside ${st.size} Jan  1 00:00 ${name}`;
}

function child(): void {
  const root = path.resolve(process.env.SFTP_HOST_ROOT!);
  const user = process.env.SFTP_HOST_USER!;
  const pass = process.env.SFTP_HOST_PASSWORD!;
  const keys = ssh2.utils.generateKeyPairSync('ed25519');
  const blob = Buffer.from(keys.public.trim().split(/\s+/)[1]!, 'base64');
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  const c: SftpHostCounters = { accepted: 0, open: 0, requests: 0, byType: {} };
  const count = (type: string) => {
    c.requests++;
    c.byType[type] = (c.byType[type] ?? 0) + 1;
  };
  const inside = (p: string): string | null => {
    const abs = path.resolve('/', p);
    return abs === root || abs.startsWith(`${root}/`) ? abs : null;
  };

  const server = new ssh2.Server({ hostKeys: [keys.private] }, (client) => {
    c.open++;
    client.on('close', () => c.open--);
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === user && ctx.password === pass) {
        c.accepted++;
        ctx.accept();
      } else ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          const handles = new Map<number, { kind: 'file'; fh: fs.FileHandle } | { kind: 'dir'; dir: string; entries: string[] | null }>();
          let next = 1;
          const handleBuf = (id: number) => {
            const b = Buffer.alloc(4);
            b.writeUInt32BE(id);
            return b;
          };
          const handleOf = (buf: Buffer) => (buf.length === 4 ? handles.get(buf.readUInt32BE(0)) : undefined);
          const fail = (reqid: number, err: unknown) => sftp.status(reqid, (err as NodeJS.ErrnoException)?.code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : STATUS_CODE.FAILURE);
          sftp.on('REALPATH', (reqid, p) => {
            count('realpath');
            const abs = path.resolve('/', p);
            sftp.name(reqid, [{ filename: abs, longname: abs, attrs: {} as ssh2.Attributes }]);
          });
          const stat = (type: string) => (reqid: number, p: string) => {
            count(type);
            const abs = inside(p);
            if (!abs) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED);
            fs.stat(abs).then((st) => sftp.attrs(reqid, attrsOf(st)), (err: unknown) => fail(reqid, err));
          };
          sftp.on('STAT', stat('stat'));
          sftp.on('LSTAT', stat('lstat'));
          sftp.on('OPENDIR', (reqid, p) => {
            count('opendir');
            const abs = inside(p);
            if (!abs) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED);
            fs.stat(abs).then(
              (st) => {
                if (!st.isDirectory()) return sftp.status(reqid, STATUS_CODE.FAILURE);
                const id = next++;
                handles.set(id, { kind: 'dir', dir: abs, entries: null });
                sftp.handle(reqid, handleBuf(id));
              },
              (err: unknown) => fail(reqid, err),
            );
          });
          sftp.on('READDIR', (reqid, h) => {
            count('readdir');
            const d = handleOf(h);
            if (!d || d.kind !== 'dir') return sftp.status(reqid, STATUS_CODE.FAILURE);
            void (async () => {
              if (d.entries === null) d.entries = await fs.readdir(d.dir);
              if (!d.entries.length) return sftp.status(reqid, STATUS_CODE.EOF);
              const batch = d.entries.splice(0, 100);
              const names: ssh2.FileEntry[] = [];
              for (const name of batch) {
                const st = await fs.lstat(path.join(d.dir, name)).catch(() => null);
                if (st) names.push({ filename: name, longname: longname(name, st), attrs: attrsOf(st) });
              }
              sftp.name(reqid, names);
            })().catch((err: unknown) => fail(reqid, err));
          });
          sftp.on('OPEN', (reqid, p, flags) => {
            count('open');
            const abs = inside(p);
            if (!abs || flags !== ssh2.utils.sftp.OPEN_MODE.READ) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED);
            fs.open(abs, constants.O_RDONLY).then(
              (fh) => {
                const id = next++;
                handles.set(id, { kind: 'file', fh });
                sftp.handle(reqid, handleBuf(id));
              },
              (err: unknown) => fail(reqid, err),
            );
          });
          sftp.on('READ', (reqid, h, offset, length) => {
            count('read');
            const f = handleOf(h);
            if (!f || f.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE);
            const buf = Buffer.alloc(Math.min(length, 256 * 1024));
            f.fh.read(buf, 0, buf.length, offset).then(
              ({ bytesRead }) => (bytesRead ? sftp.data(reqid, buf.subarray(0, bytesRead)) : sftp.status(reqid, STATUS_CODE.EOF)),
              (err: unknown) => fail(reqid, err),
            );
          });
          sftp.on('FSTAT', (reqid, h) => {
            count('fstat');
            const f = handleOf(h);
            if (!f || f.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE);
            f.fh.stat().then((st) => sftp.attrs(reqid, attrsOf(st)), (err: unknown) => fail(reqid, err));
          });
          sftp.on('CLOSE', (reqid, h) => {
            count('close');
            const id = h.length === 4 ? h.readUInt32BE(0) : -1;
            const f = handles.get(id);
            handles.delete(id);
            if (f?.kind === 'file') void f.fh.close().catch(() => undefined);
            sftp.status(reqid, f ? STATUS_CODE.OK : STATUS_CODE.FAILURE);
          });
          for (const ev of ['WRITE', 'FSETSTAT', 'SETSTAT', 'REMOVE', 'RMDIR', 'MKDIR', 'RENAME', 'READLINK', 'SYMLINK'] as const) {
            sftp.on(ev, (reqid: number) => {
              count(ev.toLowerCase());
              sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED);
            });
          }
          sftp.on('close', () => {
            for (const f of handles.values()) if (f.kind === 'file') void f.fh.close().catch(() => undefined);
            handles.clear();
          });
        });
      });
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address() as { port: number };
    process.stdout.write(`${JSON.stringify({ port: addr.port, fingerprint })}\n`);
    setInterval(() => process.stdout.write(`${JSON.stringify(c)}\n`), 1000);
  });
}

if (process.argv.includes('--sftp-host-child')) child();

import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { displayPath, isInside, normalizeRoot, resolveInside } from '../../src/sftp/paths.js';
import { SftpPool } from '../../src/sftp/pool.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { serverConfig } from './helpers.js';

describe('resolveInside', () => {
  const root = '/srv/game';
  it('resolves relative and absolute paths inside the root', () => {
    expect(resolveInside(root, '')).toBe('/srv/game');
    expect(resolveInside(root, '/')).toBe('/srv/game');
    expect(resolveInside(root, 'a/b/../c.csv')).toBe('/srv/game/a/c.csv');
    expect(resolveInside(root, '/srv/game/a/./b/')).toBe('/srv/game/a/b');
    expect(resolveInside('/srv/game/', 'x')).toBe('/srv/game/x');
    expect(resolveInside('/', 'etc/x')).toBe('/etc/x');
  });
  it.each(['..', '../other', 'a/../../other', '../../../../etc/passwd', '..\\..\\etc', '/etc/passwd', '/srv/gamex/file', '/srv'])(
    'refuses %s',
    (p) => {
      expect(() => resolveInside(root, p)).toThrow(UserError);
      expect(() => resolveInside(root, p)).toThrow(/is outside this server's root folder \(\/srv\/game\)/);
    },
  );
  it('refuses NUL bytes', () => {
    expect(() => resolveInside(root, 'a\0b')).toThrow('the path contains a NUL byte');
  });
  it('helpers', () => {
    expect(normalizeRoot('srv//game/')).toBe('/srv/game');
    expect(normalizeRoot(undefined)).toBe('/');
    expect(isInside('/srv/game', '/srv/game2')).toBe(false);
    expect(displayPath('/srv/game', '/srv/game/a/b')).toBe('/a/b');
    expect(displayPath('/srv/game', '/srv/game')).toBe('/');
  });
});

describe('symlink escape (real sshd)', () => {
  let sshd: Sshd;
  let pool: SftpPool;
  beforeAll(async () => {
    sshd = await startSshd({
      tree: async (root) => {
        await symlink('/etc', path.join(root, 'etc-link'));
        await symlink('/etc/passwd', path.join(root, 'passwd-link'));
        await writeFile(path.join(root, 'ok.txt'), 'ok');
        await symlink(path.join(root, 'ok.txt'), path.join(root, 'inside-link'));
      },
    });
    pool = new SftpPool({ allowPrivate: true });
    pool.setServer(serverConfig(sshd));
  });
  afterAll(async () => {
    await pool?.close();
    await sshd?.stop();
  });

  it('refuses listing or downloading through a symlink that leaves the root', async () => {
    await expect(pool.list('srv1', 'etc-link')).rejects.toThrow('"/etc-link" points outside this server\'s root folder');
    await expect(pool.download('srv1', 'passwd-link', 1e6)).rejects.toThrow('"/passwd-link" points outside this server\'s root folder');
    await expect(pool.download('srv1', 'etc-link/passwd', 1e6)).rejects.toThrow(/points outside this server's root folder/);
    await expect(pool.realPath('srv1', 'etc-link')).rejects.toThrow(/points outside/);
  });

  it('allows a symlink that stays inside the root', async () => {
    const r = await pool.download('srv1', 'inside-link', 1e6);
    expect(r.data.toString()).toBe('ok');
  });

  it('refuses .. and absolute escapes before any remote call', async () => {
    await expect(pool.list('srv1', '../../')).rejects.toThrow(/outside this server's root folder/);
    await expect(pool.download('srv1', '/etc/passwd', 1e6)).rejects.toThrow(/outside this server's root folder/);
  });
});

import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/errors.js';
import { SftpConnection } from '../../src/sftp/connection.js';
import { displayPath, isInside, normalizeRoot, resolveInside } from '../../src/sftp/paths.js';
import { SftpPool } from '../../src/sftp/pool.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { pinnedConfig } from './helpers.js';

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
        // What the poller reads: a log folder whose "log" is a symlink out, and a folder symlinked out.
        await mkdir(path.join(root, 'Logs'));
        await symlink('/etc/passwd', path.join(root, 'Logs', 'Deadside.log'));
        await symlink('/etc', path.join(root, 'deathlogs'));
      },
    });
    pool = new SftpPool({ allowPrivate: true });
    pool.setServer(pinnedConfig(sshd));
  });
  afterAll(async () => {
    await pool?.close();
    await sshd?.stop();
  });

  it('refuses listing or downloading through a symlink that leaves the root', async () => {
    await expect(pool.list('srv1', 'etc-link')).rejects.toThrow('`/etc-link` points outside this server\'s root folder');
    await expect(pool.download('srv1', 'passwd-link', 1e6)).rejects.toThrow('`/passwd-link` points outside this server\'s root folder');
    await expect(pool.download('srv1', 'etc-link/passwd', 1e6)).rejects.toThrow(/points outside this server's root folder/);
    await expect(pool.download('srv1', 'etc-link', 1e6)).rejects.toThrow('`/etc-link` points outside this server\'s root folder');
  });

  it("the poller's readFrom, stat and list refuse a symlink whose realpath leaves the root", async () => {
    const outside = /^`\/(Logs\/Deadside\.log|deathlogs|passwd-link|etc-link\/passwd|etc-link\/hostname)` points outside this server's root folder$/;
    for (const [what, call] of [
      ['readFrom file link', () => pool.readFrom('srv1', 'Logs/Deadside.log', 0)],
      ['readFrom through dir link', () => pool.readFrom('srv1', 'etc-link/passwd', 0, { maxBytes: 64 })],
      ['readFrom a range', () => pool.readFrom('srv1', 'passwd-link', 0, { maxBytes: 10 })],
      ['stat file link', () => pool.stat('srv1', 'Logs/Deadside.log')],
      ['stat through dir link', () => pool.stat('srv1', 'etc-link/hostname')],
      ['list dir link', () => pool.list('srv1', 'deathlogs')],
      ['statMany', () => pool.statMany('srv1', ['etc-link/passwd'])],
    ] as const) {
      const err = await (call as () => Promise<unknown>)().then(
        () => new Error(`${what}: expected a refusal`),
        (e: unknown) => e,
      );
      expect(err, what).toBeInstanceOf(UserError);
      expect((err as UserError).message, what).toMatch(outside);
      expect((err as UserError).category, what).toBe('permission');
    }
    // Missing files still read as missing (the poller skips a missing Deadside.log).
    await expect(pool.stat('srv1', 'Logs/nope.log')).rejects.toMatchObject({ message: '`/Logs/nope.log` does not exist', category: 'not_found' });
    await expect(pool.statMany('srv1', ['nope.txt'])).resolves.toEqual([null]);
  });

  it('the realpath check is cached per path per connection (one round trip, not one per read)', async () => {
    const spy = vi.spyOn(SftpConnection.prototype, 'realPath');
    try {
      const fresh = new SftpPool({ allowPrivate: true, perServerMax: 1 });
      fresh.setServer(pinnedConfig(sshd));
      try {
        for (let i = 0; i < 20; i++) {
          const r = await fresh.readFrom('srv1', 'ok.txt', i % 2);
          expect(r.data.toString()).toBe('ok'.slice(i % 2));
        }
        await fresh.stat('srv1', 'ok.txt');
        expect(fresh.globalStats().opened).toBe(1);
        // The root once and ok.txt once, on the one connection.
        expect(spy).toHaveBeenCalledTimes(2);
        await expect(fresh.readFrom('srv1', 'passwd-link', 0)).rejects.toThrow(/points outside/);
        await expect(fresh.readFrom('srv1', 'passwd-link', 0)).rejects.toThrow(/points outside/);
      } finally {
        await fresh.close();
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('allows a symlink that stays inside the root', async () => {
    const r = await pool.download('srv1', 'inside-link', 1e6);
    expect(r.data.toString()).toBe('ok');
    expect((await pool.readFrom('srv1', 'inside-link', 0)).data.toString()).toBe('ok');
    expect(await pool.stat('srv1', 'inside-link')).toMatchObject({ type: 'file', size: 2 });
    expect(await pool.statMany('srv1', ['inside-link'])).toMatchObject([{ type: 'file', size: 2 }]);
  });

  it('refuses .. and absolute escapes before any remote call', async () => {
    await expect(pool.list('srv1', '../../')).rejects.toThrow(/outside this server's root folder/);
    await expect(pool.download('srv1', '/etc/passwd', 1e6)).rejects.toThrow(/outside this server's root folder/);
  });
});

import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { classifyAddress, resolveHost, validatePort } from '../../src/sftp/hostGuard.js';

describe('hostGuard', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'private'],
    ['ff02::1', 'multicast'],
  ])('refuses %s (%s)', async (ip, why) => {
    expect(classifyAddress(ip)).toContain(why);
    const err = await resolveHost(ip).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain(`a ${why}`);
    expect((err as Error).message).toContain('only public addresses are allowed');
  });

  it.each(['8.8.8.8', '79.127.236.1', '2a00:1450:4001:82b::200e', '::ffff:8.8.8.8', '172.32.0.1'])('accepts public %s', async (ip) => {
    expect(classifyAddress(ip)).toBeUndefined();
    await expect(resolveHost(ip)).resolves.toMatchObject({ address: ip });
  });

  it('allowPrivate lets loopback through', async () => {
    await expect(resolveHost('127.0.0.1', { allowPrivate: true })).resolves.toMatchObject({ address: '127.0.0.1', family: 4 });
    await expect(resolveHost('::1', { allowPrivate: true })).resolves.toMatchObject({ address: '::1', family: 6 });
  });

  it('localhost resolves and is refused', async () => {
    await expect(resolveHost('localhost')).rejects.toThrow(/host "localhost" resolves to .*loopback address/);
    const ok = await resolveHost('localhost', { allowPrivate: true });
    expect(['127.0.0.1', '::1']).toContain(ok.address);
  });

  it('refuses a name when any of its A/AAAA records is private (and connects to the resolved address)', async () => {
    const lookup = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: 'fd00::5', family: 6 },
    ];
    await expect(resolveHost('mixed.example.com', { lookup })).rejects.toThrow(/fd00::5, a private address/);
    const pub = await resolveHost('pub.example.com', { lookup: async () => [{ address: '2a00:1450::1', family: 6 }, { address: '93.184.216.34', family: 4 }] });
    expect(pub.address).toBe('93.184.216.34');
    expect(pub.addresses).toEqual(['2a00:1450::1', '93.184.216.34']);
  });

  it('unknown host: could not resolve', async () => {
    await expect(resolveHost('nonexistent.invalid', { timeoutMs: 8000 })).rejects.toThrow(/could not resolve host "nonexistent.invalid"/);
  });

  it('refuses malformed hosts and ports', async () => {
    await expect(resolveHost('sftp://example.com')).rejects.toThrow(/not a valid host name/);
    await expect(resolveHost('example.com:22')).rejects.toThrow(/not a valid host name/);
    await expect(resolveHost('')).rejects.toThrow(/empty/);
    expect(() => validatePort(0)).toThrow(/port must be a whole number from 1 to 65535/);
    expect(() => validatePort(70000)).toThrow(/1 to 65535/);
    expect(() => validatePort('22x')).toThrow(/1 to 65535/);
    expect(validatePort('8822')).toBe(8822);
  });
});

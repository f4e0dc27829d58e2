import { isIP } from 'node:net';
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

  describe('IPv6 forms that wrap an IPv4 address', () => {
    it.each([
      // [groups, expected reason (undefined: public)]
      [[0, 0, 0, 0, 0, 0xffff, 0x7f00, 0x0001], 'loopback (IPv4-mapped)'],
      [[0, 0, 0, 0, 0, 0xffff, 0x0a01, 0x0203], 'private (IPv4-mapped)'],
      [[0, 0, 0, 0, 0, 0xffff, 0xa9fe, 0xa9fe], 'link-local (IPv4-mapped)'],
      [[0, 0, 0, 0, 0xffff, 0, 0x7f00, 0x0001], 'loopback (IPv4-translated)'],
      [[0x64, 0xff9b, 0, 0, 0, 0, 0xc0a8, 0x0101], 'private (NAT64)'],
      [[0x64, 0xff9b, 0, 0, 0, 0, 0x7f00, 0x0001], 'loopback (NAT64)'],
      [[0x64, 0xff9b, 0x0001, 0, 0, 0, 0x0808, 0x0808], 'local-use NAT64'],
      [[0x64, 0xff9b, 0x0001, 0x0a00, 0x0001, 0, 0, 0], 'local-use NAT64'],
      [[0x2002, 0x7f00, 0x0001, 0, 0, 0, 0, 0x0001], 'loopback (6to4)'],
      [[0x2002, 0xc0a8, 0x0101, 0, 0, 0, 0, 0], 'private (6to4)'],
      [[0x2002, 0xa9fe, 0xa9fe, 0x0001, 0, 0, 0, 0x0001], 'link-local (6to4)'],
      [[0x2002, 0x0a00, 0x0001, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff], 'private (6to4)'],
      [[0, 0, 0, 0, 0, 0xffff, 0x0808, 0x0808], undefined],
      [[0x64, 0xff9b, 0, 0, 0, 0, 0x0808, 0x0808], undefined],
      [[0x2002, 0x0808, 0x0808, 0, 0, 0, 0, 0x0001], undefined],
    ] as Array<[number[], string | undefined]>)('%j in every spelling → %s', async (groups, why) => {
      const forms = spellings(groups);
      expect(forms.length).toBeGreaterThan(4);
      for (const ip of forms) {
        expect(isIP(ip), ip).toBe(6);
        expect(classifyAddress(ip), ip).toBe(why);
      }
      // Through the resolver too: a name whose AAAA record is such an address is refused.
      const lookup = async () => [{ address: forms[0]!, family: 6 }];
      if (why) await expect(resolveHost('sneaky.example.com', { lookup })).rejects.toThrow(`a ${why} address: only public addresses are allowed`);
      else await expect(resolveHost('fine.example.com', { lookup })).resolves.toMatchObject({ address: forms[0] });
    });
  });
});

/**
 * Every way to write an IPv6 address: each run of zero groups compressed to "::" (or none), groups
 * minimal, zero-padded or upper case, and the last 32 bits as a dotted quad or as hex.
 */
function spellings(groups: number[]): string[] {
  const styles = [(n: number) => n.toString(16), (n: number) => n.toString(16).padStart(4, '0'), (n: number) => n.toString(16).toUpperCase()];
  const out = new Set<string>();
  const join = (parts: string[], from: number, to: number) =>
    from < 0 ? parts.join(':') : `${parts.slice(0, from).join(':')}::${parts.slice(to).join(':')}`;
  for (const style of styles) {
    for (const dotted of [false, true]) {
      const parts = groups.map(style);
      const tail = dotted ? [`${groups[6]! >>> 8}.${groups[6]! & 0xff}.${groups[7]! >>> 8}.${groups[7]! & 0xff}`] : [];
      const hexParts = dotted ? parts.slice(0, 6) : parts;
      const n = hexParts.length;
      const runs: Array<[number, number]> = [[-1, -1]];
      for (let i = 0; i < n; i++) for (let j = i + 1; j <= n && groups[j - 1] === 0; j++) runs.push([i, j]);
      for (const [from, to] of runs) {
        const head = join(hexParts, from, to);
        const ip = tail.length ? (head.endsWith(':') ? `${head}${tail[0]}` : `${head}:${tail[0]}`) : head;
        if (isIP(ip) === 6) out.add(ip);
      }
    }
  }
  return [...out];
}

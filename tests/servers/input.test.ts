import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { formatAddress, parseServerInput, splitAddress } from '../../src/servers/input.js';

const base = { name: 'EU 1', address: 'game.example.org', username: 'deadside', password: 's3cret pass', root: '' };

describe('server form input', () => {
  it('splits host and port: default 22, IPv6 in brackets, bare IPv6, sftp:// prefix', () => {
    expect(splitAddress('game.example.org')).toEqual({ host: 'game.example.org', port: undefined });
    expect(splitAddress(' 203.0.113.5:8822 ')).toEqual({ host: '203.0.113.5', port: '8822' });
    expect(splitAddress('[2001:db8::1]:2222')).toEqual({ host: '2001:db8::1', port: '2222' });
    expect(splitAddress('2001:db8::1')).toEqual({ host: '2001:db8::1', port: undefined });
    expect(splitAddress('sftp://host.example:22')).toEqual({ host: 'host.example', port: '22' });
  });

  it('parses a valid form: trimmed, port 22 by default, root normalised', () => {
    expect(parseServerInput({ ...base, address: 'game.example.org', root: 'Deadside/Saved/' })).toEqual({
      name: 'EU 1',
      host: 'game.example.org',
      port: 22,
      username: 'deadside',
      password: 's3cret pass',
      root: '/Deadside/Saved',
      legacyAlgorithms: false,
    });
    expect(parseServerInput({ ...base, address: '203.0.113.5:8822', legacyAlgorithms: true })).toMatchObject({ port: 8822, root: '/', legacyAlgorithms: true });
  });

  it.each([
    ['203.0.113.5:0', /port must be a whole number from 1 to 65535 \(got "0"\)/],
    ['203.0.113.5:65536', /from 1 to 65535/],
    ['203.0.113.5:22a', /from 1 to 65535/],
    ['http://x y', /not a valid host name/],
    ['', /host is empty/],
  ])('refuses the address %j', (address, message) => {
    expect(() => parseServerInput({ ...base, address })).toThrow(message);
  });

  it('an empty port means the default', () => {
    expect(parseServerInput({ ...base, address: '203.0.113.5:' }).port).toBe(22);
  });

  it('lists every problem at once and never echoes the password', () => {
    let err: unknown;
    try {
      parseServerInput({ name: 'a\tb', address: 'bad host', username: 'two words', password: 'x'.repeat(300), root: '' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const message = (err as Error).message;
    expect(message).toMatch(/^Please fix:/);
    expect(message).toMatch(/control characters/);
    expect(message).toMatch(/not a valid host name/);
    expect(message).toMatch(/username cannot contain spaces/);
    expect(message).toMatch(/password is longer than 256/);
    expect(message).not.toContain('xxxx');
  });

  it('accepts any printable name, stored as typed (trimmed); shown escaped elsewhere', () => {
    for (const name of ['[EU] PvP #1 | x2', 'EU #1', '**Bold** _server_ @everyone <@1>', 'Zoë’s 🏳️‍🌈 server', '😀'.repeat(40)]) {
      expect(parseServerInput({ ...base, name: `  ${name} ` }).name).toBe(name);
    }
  });

  it.each([
    ['', /name is empty/],
    ['   ', /name is empty/],
    ['\u200b\u200d', /name is empty/],
    ['x'.repeat(41), /longer than 40 characters/],
    ['😀'.repeat(41), /longer than 40 characters/],
    ['two\nlines', /control characters/],
    ['bell\u0007', /control characters/],
    ['evil\u202ereversed', /control characters/],
  ])('refuses the name %j', (name, message) => {
    expect(() => parseServerInput({ ...base, name })).toThrow(message);
  });

  it('formats addresses back for the edit form', () => {
    expect(formatAddress('game.example.org', 22)).toBe('game.example.org');
    expect(formatAddress('203.0.113.5', 8822)).toBe('203.0.113.5:8822');
    expect(formatAddress('2001:db8::1', 2222)).toBe('[2001:db8::1]:2222');
    expect(parseServerInput({ ...base, address: formatAddress('2001:db8::1', 2222) })).toMatchObject({ host: '2001:db8::1', port: 2222 });
  });
});

import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { UserError } from '../errors.js';
import { msg, plain } from '../i18n/message.js';
import { ENGLISH } from '../i18n/translate.js';
import type { Msg } from '../i18n/types.js';

export interface ResolvedHost {
  /** The name the admin typed. */
  host: string;
  /** The address to connect to (connect here, never to the name again: no DNS rebinding). */
  address: string;
  family: 4 | 6;
  /** Every address the name resolved to. */
  addresses: string[];
}

export interface HostGuardOptions {
  allowPrivate?: boolean;
  /** Injected for tests. */
  lookup?: (host: string) => Promise<Array<{ address: string; family: number }>>;
  timeoutMs?: number;
}

function ipv4ToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

function inV4(ip: number, cidr: string, bits: number): boolean {
  const base = ipv4ToInt(cidr);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (ip & mask) === (base & mask);
}

/** Why an address is refused, as a catalog key (`sftp.addressKind.*`). */
type AddressKind =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'cgnat'
  | 'linkLocal'
  | 'ietf'
  | 'benchmarking'
  | 'multicast'
  | 'reserved'
  | 'broadcast'
  | 'siteLocal'
  | 'documentation'
  | 'localNat64'
  | 'notIp';

const kind = (k: AddressKind): Msg => plain(`sftp.addressKind.${k}`);

const V4_BLOCKED: Array<[string, number, AddressKind]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['169.254.0.0', 16, 'linkLocal'],
  ['192.0.0.0', 24, 'ietf'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** Expands an IPv6 address to 8 16-bit groups (handles `::` and a trailing dotted IPv4). */
function ipv6Groups(ip: string): number[] {
  let s = ip.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = ipv4ToInt(last);
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const parse = (part: string | undefined) =>
    part ? part.split(':').filter((x) => x !== '').map((x) => parseInt(x, 16)) : [];
  const hasGap = s.includes('::');
  const [head, rest] = hasGap ? s.split('::') : [s, undefined];
  const h = parse(head);
  const r = parse(rest);
  const fill = hasGap ? Array<number>(Math.max(0, 8 - h.length - r.length)).fill(0) : [];
  return [...h, ...fill, ...r].slice(0, 8);
}

/** Why an address is not a public unicast address (English, e.g. "loopback (IPv4-mapped)"), or undefined when it is. */
export function classifyAddress(ip: string): string | undefined {
  const why = addressRefusal(ip);
  return why && ENGLISH.text(why);
}

/** Why an address is not a public unicast address, as a message for the admin; undefined when it is public. */
export function addressRefusal(ip: string): Msg | undefined {
  const v = isIP(ip);
  if (v === 4) {
    const n = ipv4ToInt(ip);
    for (const [base, bits, why] of V4_BLOCKED) if (inV4(n, base, bits)) return kind(why);
    if (n === 0xffffffff) return kind('broadcast');
    return undefined;
  }
  if (v === 6) {
    const g = ipv6Groups(ip);
    if (g.every((x) => x === 0)) return kind('unspecified');
    if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return kind('loopback');
    // Forms that carry an IPv4 address: refused when it is one we refuse (the host would forward or
    // translate to it). ipv6Groups has already folded every spelling into 8 groups.
    const embedded = (hi: number, lo: number) => `${hi >>> 8}.${hi & 0xff}.${lo >>> 8}.${lo & 0xff}`;
    const wraps = (hi: number | undefined, lo: number | undefined, form: string) => {
      const why = addressRefusal(embedded(hi ?? 0, lo ?? 0));
      return why ? msg('sftp.addressKind.embedded', { why, form }) : undefined;
    };
    const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
    // ::ffff:0:0/96 IPv4-mapped and ::/96 IPv4-compatible
    if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) return wraps(g[6], g[7], 'IPv4-mapped');
    // ::ffff:0:0:0/96 IPv4-translated (RFC 2765)
    if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return wraps(g[6], g[7], 'IPv4-translated');
    // 64:ff9b::/96 well-known NAT64 prefix
    if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return wraps(g[6], g[7], 'NAT64');
    // 64:ff9b:1::/48 local-use NAT64 (RFC 8215): translated inside someone's own network, and the
    // IPv4 may sit at any of several offsets, so the whole prefix is refused.
    if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 0x0001) return kind('localNat64');
    // 2002::/16 6to4: the IPv4 is bits 16–47
    if (g[0] === 0x2002) return wraps(g[1], g[2], '6to4');
    const first = g[0] ?? 0;
    if ((first & 0xfe00) === 0xfc00) return kind('private');
    if ((first & 0xffc0) === 0xfe80) return kind('linkLocal');
    if ((first & 0xffc0) === 0xfec0) return kind('siteLocal');
    if ((first & 0xff00) === 0xff00) return kind('multicast');
    if (first === 0x2001 && g[1] === 0x0db8) return kind('documentation');
    return undefined;
  }
  return kind('notIp');
}

const HOSTNAME_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** Validates the syntax of a host (no scheme, no port, no spaces). */
export function validateHostSyntax(host: string): string {
  const h = (host ?? '').trim().replace(/^\[(.*)\]$/, '$1');
  if (!h) throw new UserError(msg('sftp.host.empty'), 'validation');
  if (isIP(h)) return h;
  if (!HOSTNAME_RE.test(h)) throw new UserError(msg('sftp.host.invalid', { host: h.slice(0, 100) }), 'validation');
  return h;
}

export function validatePort(port: unknown): number {
  const n = typeof port === 'string' && port.trim() !== '' ? Number(port) : port;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) {
    throw new UserError(msg('sftp.port.invalid', { got: String(port).slice(0, 20) }), 'validation');
  }
  return n;
}

async function defaultLookup(host: string): Promise<Array<{ address: string; family: number }>> {
  return dns.lookup(host, { all: true, verbatim: true });
}

/**
 * Resolves a host (A and AAAA) and refuses non-public addresses unless allowPrivate is set.
 * If any resolved address is non-public the host is refused (a name pointing at both is suspicious).
 */
export async function resolveHost(host: string, opts: HostGuardOptions = {}): Promise<ResolvedHost> {
  const name = validateHostSyntax(host);
  let addrs: Array<{ address: string; family: number }>;
  if (isIP(name)) {
    addrs = [{ address: name, family: isIP(name) }];
  } else {
    const lookup = opts.lookup ?? defaultLookup;
    const timeoutMs = opts.timeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      addrs = await Promise.race([
        lookup(name),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error('dns timeout'), { code: 'ETIMEOUT' })), timeoutMs);
        }),
      ]);
    } catch (err) {
      const timedOut = (err as { code?: string }).code === 'ETIMEOUT';
      throw new UserError(msg(timedOut ? 'sftp.host.dnsTimeout' : 'sftp.host.unresolved', { host: name }), 'external', { cause: err });
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
  if (addrs.length === 0) throw new UserError(msg('sftp.host.unresolved', { host: name }), 'external');
  if (!opts.allowPrivate) {
    for (const a of addrs) {
      const why = addressRefusal(a.address);
      if (why) throw new UserError(msg('sftp.host.notPublic', { host: name, address: a.address, why }), 'validation');
    }
  }
  const first = addrs.find((a) => a.family === 4) ?? addrs[0]!;
  return {
    host: name,
    address: first.address,
    family: first.family === 6 ? 6 : 4,
    addresses: addrs.map((a) => a.address),
  };
}

import { isIP } from 'node:net';
import { z } from 'zod';
import { codePoints } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { validateHostSyntax } from '../sftp/hostGuard.js';
import { normalizeRoot } from '../sftp/paths.js';

export const DEFAULT_SFTP_PORT = 22;

/**
 * Splits "host", "host:port", "[v6]" or "[v6]:port". A Discord modal holds at most five fields, so host
 * and port share one (port 22 when absent). Anything else after the host is a port that must be valid.
 */
export function splitAddress(raw: string): { host: string; port: string | undefined } {
  const s = raw.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''); // sftp://, ssh://: admins paste URLs
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(s);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] };
  if (isIP(s) === 6) return { host: s, port: undefined }; // bare IPv6: its colons are not a port
  const i = s.lastIndexOf(':');
  return i < 0 ? { host: s, port: undefined } : { host: s.slice(0, i), port: s.slice(i + 1) };
}

function parsePort(v: string | undefined, ctx: z.RefinementCtx): number | undefined {
  if (v === undefined || v.trim() === '') return DEFAULT_SFTP_PORT;
  const n = /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= 65535) return n;
  ctx.addIssue({ code: 'custom', message: `the port must be a whole number from 1 to 65535 (got "${v.trim().slice(0, 12)}")` });
  return undefined;
}

/** Rules that throw UserErrors elsewhere (host syntax, root) become issues here, so all are listed at once. */
function viaUserError<T>(fn: () => T, ctx: z.RefinementCtx): T | undefined {
  try {
    return fn();
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return undefined;
  }
}

/** Longest server name, in characters (code points: an emoji counts as one). */
export const SERVER_NAME_MAX = 40;

/**
 * Control characters (tabs, line breaks), line and paragraph separators, bidirectional overrides (which
 * make a name read backwards) and lone surrogates: nothing a name needs, all things that garble a list.
 */
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u202a-\u202e\u2066-\u2069]/u;
/** At least one visible character: not only spaces and invisible format characters. */
const VISIBLE = /[^\s\p{Cf}]/u;

/** What the add/edit modal collects, validated. The one place these rules live. */
export const serverInputSchema = z
  .object({
    // Names are stored as typed (`[EU] PvP #1 | x2` is how real servers are named) and escaped where shown.
    name: z
      .string()
      .trim()
      .refine((n) => VISIBLE.test(n), 'the name is empty')
      .refine((n) => codePoints(n) <= SERVER_NAME_MAX, `the name is longer than ${SERVER_NAME_MAX} characters`)
      .refine((n) => !UNPRINTABLE.test(n), 'the name cannot contain control characters such as tabs or line breaks'),
    address: z
      .string()
      .trim()
      .min(1, 'the host is empty')
      .transform((raw, ctx) => {
        const { host, port } = splitAddress(raw);
        const validHost = viaUserError(() => validateHostSyntax(host), ctx);
        const validPort = parsePort(port, ctx);
        return validHost === undefined || validPort === undefined ? z.NEVER : { host: validHost, port: validPort };
      }),
    username: z
      .string()
      .trim()
      .min(1, 'the username is empty')
      .max(64, 'the username is longer than 64 characters')
      .regex(/^[^\s]+$/, 'the username cannot contain spaces'),
    password: z.string().min(1, 'the password is empty').max(256, 'the password is longer than 256 characters'),
    root: z
      .string()
      .trim()
      .max(256, 'the root path is longer than 256 characters')
      .default('')
      .transform((r, ctx) => viaUserError(() => normalizeRoot(r), ctx) ?? z.NEVER),
    legacyAlgorithms: z.boolean().default(false),
  })
  .transform(({ address, ...v }) => ({
    name: v.name,
    host: address.host,
    port: address.port,
    username: v.username,
    password: v.password,
    root: v.root,
    legacyAlgorithms: v.legacyAlgorithms,
  }));

export type ServerInput = z.output<typeof serverInputSchema>;

/** Parses modal values; every problem is listed in one UserError (nothing is echoed from the password). */
export function parseServerInput(raw: z.input<typeof serverInputSchema>): ServerInput {
  const r = serverInputSchema.safeParse(raw);
  if (r.success) return r.data;
  const problems = [...new Set(r.error.issues.map((i) => i.message))];
  throw new UserError(problems.length === 1 ? capitalise(problems[0]!) : `Please fix:\n${problems.map((p) => `• ${p}`).join('\n')}`, 'validation');
}

export function formatAddress(host: string, port: number): string {
  const h = isIP(host) === 6 ? `[${host}]` : host;
  return port === DEFAULT_SFTP_PORT ? h : `${h}:${port}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

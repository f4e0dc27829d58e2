import { isIP } from 'node:net';
import { z } from 'zod';
import { codePoints } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import { ENGLISH } from '../i18n/translate.js';
import type { Msg } from '../i18n/types.js';
import { validateHostSyntax } from '../sftp/hostGuard.js';
import { normalizeRoot } from '../sftp/paths.js';
import { joinLines } from './text.js';

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

/**
 * One problem of the form, in words: a clause for the list after "Please fix:", and a sentence when it is
 * the only one. Zod issues carry its English text as their message (the legacy migration reads those).
 */
interface Problem {
  item: Msg;
  alone: Msg;
}

/** The fixed problems by their English text (issue messages of the schema's own rules). */
const PROBLEMS = new Map<string, Problem>();

function problem(item: Msg, alone: Msg): string {
  const text = ENGLISH.text(item);
  PROBLEMS.set(text, { item, alone });
  return text;
}

/** A problem found in a transform (it may quote what was typed): carried in the issue itself. */
function addProblem(ctx: z.RefinementCtx, item: Msg, alone: Msg = item): void {
  const carried: Problem = { item, alone };
  ctx.addIssue({ code: 'custom', message: ENGLISH.text(item), params: { problem: carried } });
}

function problemOf(issue: z.core.$ZodIssue): Problem {
  const carried = (issue as { params?: { problem?: Problem } }).params?.problem;
  return carried ?? PROBLEMS.get(issue.message) ?? { item: msg('server.input.unreadable'), alone: msg('server.input.unreadableAlone') };
}

function parsePort(v: string | undefined, ctx: z.RefinementCtx): number | undefined {
  if (v === undefined || v.trim() === '') return DEFAULT_SFTP_PORT;
  const n = /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= 65535) return n;
  const got = v.trim().slice(0, 12);
  addProblem(ctx, msg('server.input.port', { got }), msg('server.input.portAlone', { got }));
  return undefined;
}

/**
 * Rules that throw UserErrors elsewhere (host syntax, root) become issues here, so all are listed at once.
 * Their words are theirs (`err.text`): the same in the list and alone.
 */
function viaUserError<T>(fn: () => T, ctx: z.RefinementCtx): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    addProblem(ctx, err.text);
    return undefined;
  }
}

/** The host as the host check reads it (trimmed, brackets off): empty is told here, in the form's words. */
const bareHost = (host: string) => host.trim().replace(/^\[(.*)\]$/, '$1');

/** Longest server name, in characters (code points: an emoji counts as one). */
export const SERVER_NAME_MAX = 40;

const HOST_EMPTY = problem(msg('server.input.hostEmpty'), msg('server.input.hostEmptyAlone'));

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
      .refine((n) => VISIBLE.test(n), problem(msg('server.input.nameEmpty'), msg('server.input.nameEmptyAlone')))
      .refine(
        (n) => codePoints(n) <= SERVER_NAME_MAX,
        problem(msg('server.input.nameLong', { max: SERVER_NAME_MAX }), msg('server.input.nameLongAlone', { max: SERVER_NAME_MAX })),
      )
      .refine((n) => !UNPRINTABLE.test(n), problem(msg('server.input.nameControl'), msg('server.input.nameControlAlone'))),
    address: z
      .string()
      .trim()
      .min(1, HOST_EMPTY)
      .transform((raw, ctx) => {
        const { host, port } = splitAddress(raw);
        if (!bareHost(host)) ctx.addIssue({ code: 'custom', message: HOST_EMPTY });
        const validHost = bareHost(host) ? viaUserError(() => validateHostSyntax(host), ctx) : undefined;
        const validPort = parsePort(port, ctx);
        return validHost === undefined || validPort === undefined ? z.NEVER : { host: validHost, port: validPort };
      }),
    username: z
      .string()
      .trim()
      .min(1, problem(msg('server.input.usernameEmpty'), msg('server.input.usernameEmptyAlone')))
      .max(64, problem(msg('server.input.usernameLong', { max: 64 }), msg('server.input.usernameLongAlone', { max: 64 })))
      .regex(/^[^\s]+$/, problem(msg('server.input.usernameSpaces'), msg('server.input.usernameSpacesAlone'))),
    password: z
      .string()
      .min(1, problem(msg('server.input.passwordEmpty'), msg('server.input.passwordEmptyAlone')))
      .max(256, problem(msg('server.input.passwordLong', { max: 256 }), msg('server.input.passwordLongAlone', { max: 256 }))),
    root: z
      .string()
      .trim()
      .max(256, problem(msg('server.input.rootLong', { max: 256 }), msg('server.input.rootLongAlone', { max: 256 })))
      .refine((r) => !r.includes('\0'), problem(msg('server.input.rootNul'), msg('server.input.rootNulAlone')))
      .default('')
      .transform((r, ctx) => (r.includes('\0') ? z.NEVER : (viaUserError(() => normalizeRoot(r), ctx) ?? z.NEVER))),
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
  const seen = new Map<string, Problem>();
  for (const p of r.error.issues.map(problemOf)) if (!seen.has(ENGLISH.text(p.item))) seen.set(ENGLISH.text(p.item), p);
  const problems = [...seen.values()];
  if (problems.length === 1) throw new UserError(problems[0]!.alone, 'validation');
  throw new UserError(msg('server.input.fix', { problems: joinLines(problems.map((p) => msg('server.input.item', { problem: p.item }))) }), 'validation');
}

export function formatAddress(host: string, port: number): string {
  const h = isIP(host) === 6 ? `[${host}]` : host;
  return port === DEFAULT_SFTP_PORT ? h : `${h}:${port}`;
}

/**
 * Migration 004's reading of one old guild document: its timezone, language and SFTP integration in
 * today's terms, or why it cannot be migrated (./004-legacy-guild-settings.ts applies the result).
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Document } from 'mongodb';
import { snowflakeOf } from '../legacy.js';
import { sealedSecretSchema } from '../schemas.js';
import { envSchema } from '../../config.js';
import { GUILD_LOCALES } from '../../i18n/locales.js';
import { SecretBox, type SealedSecret } from '../../security/secrets.js';
import { serverInputSchema } from '../../servers/input.js';

/** Locales the bot offers (/settings), by the old bot's language codes. */
const LOCALES: readonly string[] = GUILD_LOCALES;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function localeOf(language: string): string | null {
  const l = language.trim().replace(/_/g, '-').toLowerCase();
  return LOCALES.find((x) => x.toLowerCase() === l) ?? LOCALES.find((x) => x.toLowerCase().split('-')[0] === l.split('-')[0]) ?? null;
}

export function isSealed(value: unknown): value is SealedSecret {
  return sealedSecretSchema.safeParse(value).success;
}

/** A deterministic server id (8 base64url chars, like newServerId): a re-run after a crash finds the server. */
export function legacyServerId(collection: string, legacyId: string): string {
  return createHash('sha256').update(`legacy-sftp:${collection}:${legacyId}`).digest().subarray(0, 6).toString('base64url');
}

export function secretsFromEnv(): SecretBox {
  const keys = envSchema.shape.SECRETS_KEY.safeParse(process.env.SECRETS_KEY ?? '');
  if (!keys.success) throw new Error('migration 004 needs SECRETS_KEY (the bot’s key) to seal the old bot’s SFTP passwords');
  return new SecretBox(keys.data);
}

export interface SftpTarget {
  host: string;
  port: number;
  username: string;
  root: string;
}

export interface LegacyGuild {
  guildId: string;
  timezone: string | null;
  locale: string | null;
  sftp: { kind: 'none' | 'disabled' } | { kind: 'invalid'; reasons: string[] } | { kind: 'ok'; target: SftpTarget };
  /** Parts not taken: the rest is migrated. */
  notes: string[];
}

function portOf(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return 22;
  const n = typeof value === 'bigint' ? Number(value) : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535 ? n : null;
}

function parseSftp(raw: unknown): LegacyGuild['sftp'] {
  if (!raw || typeof raw !== 'object') return { kind: 'none' };
  const s = raw as Document;
  if (s.enabled !== true) return { kind: 'disabled' };
  const reasons: string[] = [];
  const port = portOf(s.port);
  if (port === null) reasons.push(`the port ${JSON.stringify(String(s.port))} is not a whole number from 1 to 65535`);
  const password = s.password;
  if (!(typeof password === 'string' && password !== '') && !isSealed(password)) reasons.push('it has no password');
  const host = typeof s.host === 'string' ? s.host.trim() : '';
  const parsed = serverInputSchema.safeParse({
    name: 'migrated',
    address: `${isIP(host) === 6 ? `[${host}]` : host}:${port ?? 22}`,
    username: typeof s.username === 'string' ? s.username : '',
    // Only its presence is checked above; a sealed one cannot be measured.
    password: 'x',
    root: typeof s.base_path === 'string' ? s.base_path : '',
  });
  if (!parsed.success) reasons.push(...new Set(parsed.error.issues.map((i) => i.message)));
  if (reasons.length || !parsed.success) return { kind: 'invalid', reasons: reasons.map((r) => `integrations.sftp: ${r}; no game server was created`) };
  return { kind: 'ok', target: { host: parsed.data.host, port: parsed.data.port, username: parsed.data.username, root: parsed.data.root } };
}

/** The document in today's terms, or why it cannot be migrated. */
export function parseLegacyGuild(doc: Document): LegacyGuild | { reason: string } {
  const fromId = /^guild:(.*)$/.exec(String(doc._id))?.[1] ?? '';
  if (!snowflakeOf(fromId)) return { reason: '_id is not guild:<Discord id>' };
  const notes: string[] = [];
  if (doc.guild_id === undefined || doc.guild_id === null) notes.push('guild_id is missing: taken from the _id');
  else if (snowflakeOf(doc.guild_id) !== fromId) return { reason: `guild_id ${JSON.stringify(String(doc.guild_id))} does not match the _id` };
  const settings = (doc.settings && typeof doc.settings === 'object' ? doc.settings : {}) as Document;
  let timezone: string | null = null;
  if (typeof settings.timezone === 'string' && isTimeZone(settings.timezone.trim())) timezone = settings.timezone.trim();
  else if (settings.timezone !== undefined && settings.timezone !== null) notes.push(`settings.timezone ${JSON.stringify(String(settings.timezone))} is not a timezone: not taken`);
  let locale: string | null = null;
  if (typeof settings.language === 'string' && localeOf(settings.language)) locale = localeOf(settings.language);
  else if (settings.language !== undefined && settings.language !== null) notes.push(`settings.language ${JSON.stringify(String(settings.language))} is not a language the bot offers: not taken`);
  if (settings.premium === true) notes.push('settings.premium is true but names no tier or expiry: not taken (the bot’s operators grant premium with /premium)');
  const sftp = parseSftp((doc.integrations as Document | undefined)?.sftp);
  if (sftp.kind === 'invalid') notes.push(...sftp.reasons);
  if (sftp.kind === 'disabled') notes.push('integrations.sftp is disabled: no game server was created');
  return { guildId: fromId, timezone, locale, sftp, notes };
}


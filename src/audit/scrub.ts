/**
 * The one place that keeps secrets out of the audit log: every entry's changes and target pass here
 * before they are stored, whatever the caller put in them.
 */

/** Keys that name a secret (password, sftpPassword, token, apiKey, privateKey, secret…): dropped, never stored. */
const SECRET_KEY = /pass(word|wd|phrase)?|secret|token|key|credential|auth/i;

/** Change keys kept per entry: an entry stays small whatever the caller passes. */
export const AUDIT_MAX_CHANGES = 16;
/** Characters kept of a string value or a target (longer ones are cut with an ellipsis). */
export const AUDIT_MAX_VALUE_CHARS = 200;

export type ChangeValue = string | number | boolean | null;

export const isSecretKey = (key: string): boolean => SECRET_KEY.test(key);

export function cut(text: string, max = AUDIT_MAX_VALUE_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The changes without secret keys or non-scalar values, strings cut, at most AUDIT_MAX_CHANGES keys. */
export function scrubChanges(changes: Record<string, unknown> | undefined): Record<string, ChangeValue> | undefined {
  if (!changes) return undefined;
  const kept: Record<string, ChangeValue> = {};
  let count = 0;
  for (const [key, value] of Object.entries(changes)) {
    if (count >= AUDIT_MAX_CHANGES) break;
    if (isSecretKey(key)) continue;
    if (value === null || typeof value === 'boolean') kept[cut(key, 64)] = value;
    else if (typeof value === 'number') kept[cut(key, 64)] = Number.isFinite(value) ? value : null;
    else if (typeof value === 'string') kept[cut(key, 64)] = cut(value);
    else continue;
    count += 1;
  }
  return count ? kept : undefined;
}

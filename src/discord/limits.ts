/**
 * Discord's limits on what a bot sends, in one place. Every text that can come from a game server or a
 * member (player, weapon and server names, file names, error messages) goes through these helpers before
 * it reaches Discord: cut by code point (never half an emoji), with an ellipsis, so Discord never
 * answers 400 for a message the bot could have shortened.
 */
import type { APIEmbed, APIAllowedMentions } from 'discord.js';

export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  /** Title, description, field names and values, footer and author of all embeds of a message together. */
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectLabel: 100,
  selectValue: 100,
  selectDescription: 100,
  selectPlaceholder: 150,
  modalTitle: 45,
  textInputLabel: 45,
  textInputValue: 4000,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  channelName: 100,
} as const;

/** Messages the bot sends mention nobody unless a message says otherwise: no @everyone from a player's name. */
export const NO_MENTIONS: APIAllowedMentions = { parse: [] };

const ELLIPSIS = '…';

/** Discord counts characters by code point; a lone surrogate (half an emoji) would be invalid UTF-8. */
export function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * `text` cut to at most `max` code points, ending with an ellipsis when cut. Cheap for the common case
 * (short strings are returned as they are without counting).
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (codePoints(text) <= max) return text;
  let out = '';
  let n = 0;
  for (const ch of text) {
    if (n === max - 1) break;
    out += ch;
    n++;
  }
  return out + ELLIPSIS;
}

/** A required embed text: Discord rejects empty strings, so blank becomes a dash. */
export function clipRequired(text: string, max: number): string {
  return text.trim() === '' ? '—' : clip(text, max);
}

/** Characters an embed counts against the 6,000 limit (title, description, fields, footer, author). */
export function embedLength(embed: APIEmbed): number {
  let n = 0;
  if (embed.title) n += codePoints(embed.title);
  if (embed.description) n += codePoints(embed.description);
  if (embed.footer?.text) n += codePoints(embed.footer.text);
  if (embed.author?.name) n += codePoints(embed.author.name);
  for (const f of embed.fields ?? []) n += codePoints(f.name) + codePoints(f.value);
  return n;
}

/**
 * Every part of one embed within its own limit and the whole within `total` (6,000 by default): the
 * description, then field values from the last, give way first; titles and names are kept.
 */
export function clampEmbed(embed: APIEmbed, total: number = LIMITS.embedTotal): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = clipRequired(out.title, LIMITS.title);
  if (out.description !== undefined) out.description = clipRequired(out.description, LIMITS.description);
  if (out.footer) out.footer = { ...out.footer, text: clipRequired(out.footer.text, LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: clipRequired(out.author.name, LIMITS.author) };
  if (out.fields) {
    out.fields = out.fields.slice(0, LIMITS.fields).map((f) => ({ ...f, name: clipRequired(f.name, LIMITS.fieldName), value: clipRequired(f.value, LIMITS.fieldValue) }));
  }
  let excess = embedLength(out) - total;
  if (excess > 0 && out.description) {
    const keep = Math.max(1, codePoints(out.description) - excess);
    excess -= codePoints(out.description) - keep;
    out.description = clip(out.description, keep);
  }
  for (let i = (out.fields?.length ?? 0) - 1; excess > 0 && i >= 0; i--) {
    const f = out.fields![i]!;
    const keep = Math.max(1, codePoints(f.value) - excess);
    excess -= codePoints(f.value) - keep;
    out.fields![i] = { ...f, value: clip(f.value, keep) };
  }
  // Titles and field names alone past the limit (e.g. 25 fields with 256-character names).
  if (excess > 0 && out.fields) {
    while (excess > 0 && out.fields.length) excess -= codePoints(out.fields.pop()!.name) + 1;
  }
  if (excess > 0 && out.title) out.title = clip(out.title, Math.max(1, codePoints(out.title) - excess));
  return out;
}

/**
 * Groups embeds into messages Discord accepts: at most 10 embeds and 6,000 characters each, in order.
 * An embed that alone exceeds the total is clamped.
 */
export function packEmbeds<E extends APIEmbed>(embeds: readonly E[]): E[][] {
  const messages: E[][] = [];
  let current: E[] = [];
  let size = 0;
  for (const original of embeds) {
    const embed = (embedLength(original) > LIMITS.embedTotal ? clampEmbed(original) : original) as E;
    const n = embedLength(embed);
    if (current.length && (current.length === LIMITS.embedsPerMessage || size + n > LIMITS.embedTotal)) {
      messages.push(current);
      current = [];
      size = 0;
    }
    current.push(embed);
    size += n;
  }
  if (current.length) messages.push(current);
  return messages;
}

/** Markdown and mentions of a name typed by a player or admin, made inert for showing it in a message. */
export function escapeName(name: string): string {
  return name
    .replace(/[\\`*_~|>#[\]()-]/g, (c) => `\\${c}`)
    .replace(/@/g, '@\u200b')
    .replace(/<(?=[@#:a])/g, '<\u200b');
}

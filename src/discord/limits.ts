/**
 * Discord's limits on what a bot sends, in one place. Every text that can come from a game server or a
 * member (player, weapon and server names, file names, error messages) goes through these helpers before
 * it reaches Discord: cut between code points (never half an emoji), with an ellipsis, so Discord never
 * answers 400 for a message the bot could have shortened.
 *
 * Discord counts code points (its API measures Python strings); discord.js's builders check the same
 * limits in UTF-16 units, which an emoji counts twice. `clip` keeps a text within `max` of both, so
 * neither refuses it; totals (`embedLength`) are counted the way Discord counts them.
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
  textInputPlaceholder: 100,
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
 * `text` cut to at most `max` characters, ending with an ellipsis when cut. The cut falls between code
 * points and counts UTF-16 units, so the result is within `max` for Discord (code points) and for
 * discord.js's builders (units) alike. Short strings are returned as they are without counting.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - ELLIPSIS.length;
  let end = 0;
  for (const ch of text) {
    if (end + ch.length > room) break;
    end += ch.length;
  }
  return text.slice(0, end) + ELLIPSIS;
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
  const excess = () => embedLength(out) - total;
  if (excess() > 0 && out.description) out.description = clip(out.description, Math.max(1, codePoints(out.description) - excess()));
  for (let i = (out.fields?.length ?? 0) - 1; excess() > 0 && i >= 0; i--) {
    const f = out.fields![i]!;
    out.fields![i] = { ...f, value: clip(f.value, Math.max(1, codePoints(f.value) - excess())) };
  }
  // Titles and field names alone past the limit (e.g. 25 fields with 256-character names).
  while (excess() > 0 && out.fields?.length) out.fields.pop();
  if (excess() > 0 && out.title) out.title = clip(out.title, Math.max(1, codePoints(out.title) - excess()));
  return out;
}

/**
 * Groups embeds into messages Discord accepts: at most 10 embeds and 6,000 characters each, in order.
 * Every embed is clamped to its own limits first (an embed that alone exceeds the total included).
 */
export function packEmbeds<E extends APIEmbed>(embeds: readonly E[]): E[][] {
  const messages: E[][] = [];
  let current: E[] = [];
  let size = 0;
  for (const original of embeds) {
    const embed = clampEmbed(original) as E;
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

/**
 * The embeds of ONE message within Discord's limits: at most 10, each clamped, and when together they
 * pass 6,000 characters the longest give way first, down to an equal share (for views that must stay
 * a single message).
 */
export function clampEmbeds<E extends APIEmbed>(embeds: readonly E[]): E[] {
  const kept = embeds.slice(0, LIMITS.embedsPerMessage).map((e) => clampEmbed(e) as E);
  const lengths = kept.map(embedLength);
  // The largest cap that fits: embeds shorter than it stay whole, longer ones are clamped to it.
  const sorted = [...lengths].sort((a, b) => a - b);
  let rest: number = LIMITS.embedTotal;
  for (let i = 0; i < sorted.length; i++) {
    const cap = Math.floor(rest / (sorted.length - i));
    if (sorted[i]! > cap) return kept.map((e, j) => (lengths[j]! > cap ? (clampEmbed(e, cap) as E) : e));
    rest -= sorted[i]!;
  }
  return kept;
}

/**
 * A name typed by a player, an admin or a game server, shown as text: markdown and mentions made inert.
 * Kept on one line, so the markdown that only counts at a line start (`# `, `-# `, `- `, `> `, `1. `) can
 * only come from the name's own start; elsewhere, or without the space, they stay as typed (`AK-74`,
 * `EU #1`, `#1 EU`, `79.127.236.1`).
 * Not for code spans (backslashes would show there: use inlineCode) or footers and author names
 * (Discord renders no markdown there).
 */
export function escapeName(name: string): string {
  return name
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[\\`*_~|[\]]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#>-])(?=[#>-]*\s)/, '$1\\$2')
    .replace(/^(\s*\d+)\.(?=\s)/, '$1\\.')
    .replace(/@/g, '@\u200b')
    .replace(/<(?=\S)/g, '<\u200b');
}

/**
 * A name typed by a player or member, escaped, then cut to `max` (as `clip` does): for names inside a
 * line of a message or embed. Escaping first matters: it can double a name's length (`_` → `\_`), so
 * cutting first could exceed `max`, and a later cut of the whole text would drop whatever follows the
 * name. A cut that would split an escape keeps no lone trailing `\` (it would escape the ellipsis).
 */
export function shownName(name: string, max: number = LIMITS.choiceName): string {
  const escaped = escapeName(name);
  if (escaped.length <= max) return escaped;
  const cut = clip(escaped, max);
  const body = cut.slice(0, -ELLIPSIS.length);
  // Every `\` of the escaped text opens a pair: an odd run at the end is a pair cut in half.
  let run = 0;
  while (run < body.length && body.charCodeAt(body.length - 1 - run) === 0x5c) run++;
  return run % 2 === 1 ? body.slice(0, -1) + ELLIPSIS : cut;
}

/** Text in a code span: cut to `max`, and a backtick (which would close the span) shown as a look-alike. */
export function inlineCode(text: string, max: number = LIMITS.fieldValue - 2): string {
  return `\`${clip(text, max).replace(/`/g, 'ˋ')}\``;
}

/** A lone surrogate (half an emoji, left by a cut by UTF-16 unit elsewhere) becomes U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

export interface Choice {
  name: string;
  value: string | number;
}

/**
 * Autocomplete choices Discord accepts: at most 25, names cut to 100 code points (never blank). A string
 * value longer than 100 cannot be sent, and a cut one would name nothing: such a choice is left out.
 */
export function choices(list: readonly Choice[]): Choice[] {
  return list
    .filter((c) => typeof c.value !== 'string' || (c.value !== '' && codePoints(c.value) <= LIMITS.choiceValue))
    .slice(0, LIMITS.choices)
    .map((c) => ({ name: clipRequired(wellFormed(c.name), LIMITS.choiceName), value: typeof c.value === 'string' ? wellFormed(c.value) : c.value }));
}

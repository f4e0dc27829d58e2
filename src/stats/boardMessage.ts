/**
 * A board view as the parts of a message: the text embed, or an embed holding the picture (its rows in
 * the attachment's description, for screen readers and search). Shared by /leaderboard and posted boards.
 */
import { createHash } from 'node:crypto';
import type { APIEmbed } from 'discord.js';
import { clip, LIMITS } from '../discord/limits.js';
import type { Translator } from '../i18n/translate.js';
import { boardEmbed, boardHash, type BoardView } from './boardContent.js';
import type { BoardImageInput } from './boardImage.js';
import type { BoardImages } from './boardImages.js';

export const BOARD_IMAGE_FILE = 'leaderboard.png';
/** Discord's limit on an attachment's description (alt text). */
const ALT_MAX = 1024;
const COLOR = 0xc0392b;

/** Display names of members by id, for pictures of member boards (a picture cannot show a mention). */
export type MemberNames = (guildId: string, userIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;

export interface BoardFile {
  name: string;
  data: Buffer;
  description: string;
}

export interface BoardMessageParts {
  embed: APIEmbed;
  file: BoardFile | null;
}

/** The picture's input for a view; member rows read `names` (an unknown member: their id). */
export function boardImageInput(view: BoardView, t: Translator, names: ReadonlyMap<string, string> = new Map()): BoardImageInput {
  return {
    title: view.heading,
    subtitle: view.subtitle,
    footer: view.footer,
    first: view.first,
    rows: view.rows.map((r) => ({ name: r.userId ? (names.get(r.userId) ?? r.userId) : r.name, value: r.text })),
    empty: t.t('stats.board.empty'),
  };
}

/** The rows in a sentence: the picture's alt text. */
function altText(view: BoardView, input: BoardImageInput, t: Translator): string {
  const rows = input.rows.map((r, i) => `${t.format.number(view.first + i + 1)}. ${r.name} — ${r.value}`);
  return clip([`${input.title} · ${input.subtitle}`, ...rows].join('\n'), ALT_MAX);
}

export interface BoardMessageOptions {
  guildId: string;
  image: boolean;
  images: BoardImages;
  names?: MemberNames | undefined;
}

/** The message parts of a view: the text embed, or the picture in an embed. */
export async function boardMessageParts(view: BoardView, t: Translator, options: BoardMessageOptions): Promise<BoardMessageParts> {
  if (!options.image) return { embed: boardEmbed(view, t).toJSON(), file: null };
  const ids = view.rows.flatMap((r) => (r.userId ? [r.userId] : []));
  const names = ids.length && options.names ? await options.names(options.guildId, ids) : new Map<string, string>();
  const input = boardImageInput(view, t, names);
  const key = createHash('sha256').update(JSON.stringify([boardHash(view, true), input.rows, input.empty])).digest('base64url');
  const data = await options.images.image(key, input);
  return {
    embed: { color: COLOR, title: clip(view.title, LIMITS.title), image: { url: `attachment://${BOARD_IMAGE_FILE}` } },
    file: { name: BOARD_IMAGE_FILE, data, description: altText(view, input, t) },
  };
}

import { createHash } from 'node:crypto';
import path from 'node:path';
import { AttachmentBuilder, EmbedBuilder, type APIEmbed, type Embed } from 'discord.js';
import type { GameServer } from '../db/schemas.js';
import { clampEmbed, clip, inlineCode, LIMITS, shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import { bytes } from '../i18n/units.js';
import { ENGLISH, type Translator } from '../i18n/translate.js';
import { MAX_LIST_ENTRIES, type RemoteEntry } from '../sftp/connection.js';
import { displayPath, normalizeRoot, resolveInside } from '../sftp/paths.js';
import type { GameServers } from './gameServers.js';

const posix = path.posix;
export const BROWSE_PAGE_SIZE = 15;
/** Largest file sent as an attachment (Discord's bot upload limit is 10 MiB; leave room for the rest). */
export const DOWNLOAD_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Paths the admin types or sees are relative to the server's root ("/" = the root). An absolute path
 * that already lies inside the root (pasted from a file manager) is accepted too. Escapes are refused
 * by resolveInside, the one rule for that.
 */
export function rootRelative(root: string, userPath: string | null | undefined): string {
  const r = normalizeRoot(root);
  const p = (userPath ?? '').trim();
  if (r !== '/' && (p === r || p.startsWith(`${r}/`))) return displayPath(r, p);
  const abs = resolveInside(r, p.replace(/^\/+/, ''));
  return displayPath(r, abs);
}

/**
 * Browse state lives in the message: the folder is the embed footer, and the buttons' custom ids (built in
 * src/commands/server/browse.ts) carry the server id, page and this short hash of the folder (paths can
 * be far longer than a 100-character custom id).
 */
export function pathToken(serverId: string, folder: string): string {
  return createHash('sha256').update(`${serverId}\0${folder}`).digest('base64url').slice(0, 10);
}

export function folderFromMessage(serverId: string, token: string, embeds: Array<Embed | APIEmbed>): string {
  const folder = embeds[0]?.footer?.text;
  if (folder === undefined || pathToken(serverId, folder) !== token) {
    throw new UserError(msg('server.browse.outdated'), 'not_found');
  }
  return folder;
}

function sortEntries(entries: RemoteEntry[]): RemoteEntry[] {
  const rank = (e: RemoteEntry) => (e.type === 'dir' ? 0 : 1);
  return [...entries].filter((e) => e.name !== '.' && e.name !== '..').sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** File names come from the game server (a hostile one included): escaped and cut, one line each. */
function entryLine(e: RemoteEntry, t: Translator): string {
  const when = `<t:${Math.floor(e.modifiedAt.getTime() / 1000)}:d>`;
  const name = shownName(e.name, 80);
  if (e.type === 'dir') return `📁 **${name}/**`;
  if (e.type === 'symlink') return `🔗 ${name}`;
  return `📄 ${name} — ${t.text(bytes(e.size))} · ${when}`;
}

/** One page of a folder listing: the embed, and what its buttons and menu need (the command builds those). */
export interface BrowsePage {
  embed: EmbedBuilder;
  serverId: string;
  folder: string;
  /** The folder's hash the buttons carry (folderFromMessage checks it against the footer). */
  token: string;
  page: number;
  pages: number;
  /** Subfolders on this page the menu can open (a name too long for an option value cannot be). */
  dirs: string[];
}

export async function browsePage(servers: Pick<GameServers, 'withPool'>, server: GameServer, folder: string, page: number, t: Translator = ENGLISH): Promise<BrowsePage> {
  const listing = await servers.withPool(server, (pool, id) => pool.list(id, folder.replace(/^\/+/, '')));
  const entries = sortEntries(listing);
  const pages = Math.max(1, Math.ceil(entries.length / BROWSE_PAGE_SIZE));
  const p = Math.min(Math.max(0, page), pages - 1);
  const shown = entries.slice(p * BROWSE_PAGE_SIZE, (p + 1) * BROWSE_PAGE_SIZE);
  // The footer carries the folder as the listing's state (hashed into the ids): plain text, not escaped.
  const embed = new EmbedBuilder(
    clampEmbed({
      color: 0x5865f2,
      title: t.t('server.browse.title', { name: shownName(server.name), page: p + 1, pages, count: entries.length }),
      description: shown.map((e) => entryLine(e, t)).join('\n') || t.t('server.browse.empty'),
      footer: { text: folder },
      // A hostile or huge folder: the listing stops at MAX_LIST_ENTRIES, and says so.
      ...(listing.truncated ? { fields: [{ name: t.t('server.browse.truncated'), value: t.t('server.browse.truncatedDetail', { max: MAX_LIST_ENTRIES }) }] } : {}),
    }),
  );
  const dirs = shown.filter((e) => e.type === 'dir' && e.name.length <= LIMITS.selectValue).map((e) => e.name);
  return { embed, serverId: server._id, folder, token: pathToken(server._id, folder), page: p, pages, dirs };
}

export function childFolder(folder: string, name: string): string {
  if (name.includes('/') || name === '..' || name === '.') throw new UserError(msg('server.browse.notFolderName'), 'validation');
  return posix.join(folder, name);
}

export function parentFolder(folder: string): string {
  return posix.dirname(folder);
}

/** The file as an attachment, refused with a clear message above the cap (checked before any byte moves). */
export async function downloadFile(servers: Pick<GameServers, 'withPool'>, server: GameServer, userPath: string, t: Translator = ENGLISH) {
  const rel = rootRelative(server.root, userPath);
  if (rel === '/') throw new UserError(msg('server.download.needFile'), 'validation');
  const file = await servers.withPool(server, (pool, id) => pool.download(id, rel.replace(/^\/+/, ''), DOWNLOAD_MAX_BYTES));
  const name = posix.basename(file.path) || 'file';
  return {
    content: clip(t.t('server.download.sent', { path: inlineCode(rel, 1000), name: shownName(server.name), size: bytes(file.size) }), LIMITS.content),
    files: [new AttachmentBuilder(file.data, { name })],
  };
}

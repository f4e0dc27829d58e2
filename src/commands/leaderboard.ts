import { ActionRowBuilder, ApplicationCommandOptionType, AttachmentBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import { z } from 'zod';
import { choices } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { encodeCustomId } from '../framework/customId.js';
import { defineCommand } from '../framework/define.js';
import { defineRoute, routeArgs } from '../framework/routes.js';
import { choiceName } from '../i18n/commandText.js';
import { msg, plain } from '../i18n/message.js';
import type { Translator } from '../i18n/translate.js';
import type { WindowChoice, WindowName } from '../ingest/windows.js';
import type { AppServices } from '../services/container.js';
import type { RankedPlayer } from '../ingest/rank.js';
import { archiveSource, boardView, liveSource, type BoardSources, type PageSource } from '../stats/boardContent.js';
import { seasonTitle } from '../stats/seasonViews.js';
import { boardMessageParts } from '../stats/boardMessage.js';
import { BOARD_NAMES, boardLabel, isPlayerBoard, PAGE_SIZE, PLAYTIME_BOARD, type BoardName } from '../stats/leaderboards.js';
import { serverChoicesFor, SERVER_OPTION, WINDOW_OPTION, windowOption } from '../stats/options.js';
import { factionBoard } from './faction/board.js';
import { withFactionTags } from '../factions/boardTags.js';

/** `*` in a custom id: every server of the guild. */
const ALL = '*';

/** What a board message shows: the stat, the server (or ALL), the window (or an ended season), text or picture. */
interface BoardAsked {
  board: BoardName;
  serverId: string;
  window: WindowName;
  /** An ended season by number: its archived final boards. */
  season?: number;
  image: boolean;
}

/** The window as a custom id carries it: a window's name, or `s<number>` for an ended season. */
const windowArg = (asked: BoardAsked) => (asked.season !== undefined ? `s${asked.season}` : asked.window);

function parseWindowArg(value: string): Pick<BoardAsked, 'window' | 'season'> {
  const season = /^s(\d{1,6})$/.exec(value);
  return season ? { window: 'season', season: Number(season[1]) } : { window: windowOption(value) };
}

/**
 * An ended season's archive page, or null when `asked` reads live documents. Playtime is not archived:
 * its board reads the season's own playtime documents (`window` here; kept 400 days like the season's).
 */
async function archivedSource(services: AppServices, guildId: string, asked: BoardAsked, t: Translator): Promise<{ source: PageSource | null; label: string; window?: WindowChoice } | null> {
  if (asked.season === undefined) return null;
  const season = await services.seasons.get(guildId, asked.season);
  if (!season?.archive) throw new UserError(msg('seasons.unknown', { season: String(asked.season) }), 'not_found');
  if (asked.board === PLAYTIME_BOARD) return { source: null, label: seasonTitle(season, t), window: { name: 'season', seasonId: String(season.number) } };
  if (!isPlayerBoard(asked.board)) throw new UserError(msg('seasons.memberBoard'), 'validation');
  const scope = season.archive.find((a) => a.serverId === (asked.serverId === ALL ? '*' : asked.serverId));
  return { source: archiveSource((scope?.boards[asked.board]?.rows ?? []) as RankedPlayer[], asked.board, t), label: seasonTitle(season, t) };
}

/**
 * Where the pages come from: the live documents. (An archived season, `season:`, is another source of
 * the same shape: it plugs in here.)
 */
function sourceOf(services: AppServices, guildId: string, asked: BoardAsked, serverId: string | undefined, t: Translator, window: WindowChoice = { name: asked.window }): PageSource {
  const sources: BoardSources = {
    // `[TAG] Name` for players whose linked member is in a faction.
    players: withFactionTags((g, board, page, size, server, window) => services.stats.board(g, board, page, size, server, window), (g, ids) => services.factions.tagsOfPlayers(g, ids)),
    creditHolders: (g) => services.economy.holders(g),
    creditTop: (g, skip, limit) => services.economy.top(g, skip, limit),
    pixelPlacers: (g) => services.stats.pixelBoard(g),
    playtime: (g, page, size, server, window) => services.stats.playtimeBoard(g, page, size, server, window),
  };
  return liveSource(sources, { guildId, board: asked.board, serverId, window }, t);
}

/**
 * The board message for a page, in the guild's words (the board is public, and paging edits it for
 * everyone); the buttons carry board, server, page, window and picture so they work after a restart.
 */
async function render(services: AppServices, guildId: string, t: Translator, asked: BoardAsked, page: number) {
  const server = asked.serverId === ALL ? null : await services.gameServers.get(guildId, asked.serverId);
  if (asked.serverId !== ALL && !server) throw new UserError(msg('stats.board.serverRemoved'), 'not_found');
  const archived = await archivedSource(services, guildId, asked, t);
  const source = archived?.source ?? sourceOf(services, guildId, asked, server?._id, t, archived?.window);
  const view = await boardView({ t, board: asked.board, window: { name: asked.window }, serverName: server?.name ?? null, source, page, pageSize: PAGE_SIZE, ...(archived ? { windowLabel: archived.label } : {}) });
  const parts = await boardMessageParts(view, t, { guildId, image: asked.image, images: services.boards.images, names: services.boards.names });
  // The direction keeps the two ids distinct (Discord requires it) whatever the target pages are.
  const nav = (direction: 'p' | 'n', target: number, disabled: boolean) =>
    new ButtonBuilder()
      .setCustomId(encodeCustomId('leaderboard', 'page', asked.board, asked.serverId, target, windowArg(asked), asked.image ? 1 : 0, direction))
      .setLabel(direction === 'p' ? '◀' : '▶')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(disabled);
  return {
    embeds: [parts.embed],
    files: parts.file ? [new AttachmentBuilder(parts.file.data, { name: parts.file.name, description: parts.file.description })] : [],
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(nav('p', view.current - 1, view.current <= 1), nav('n', view.current + 1, view.current >= view.pages))],
  };
}

/**
 * The `season:` option: an ended season's number (autocomplete sends it; a typed name or number is
 * looked up too). The current season is the live `window:season`, not an archive.
 */
async function endedSeason(services: AppServices, guildId: string, typed: string): Promise<number | undefined> {
  const byNumber = /^\d{1,6}$/.test(typed.trim()) ? await services.seasons.get(guildId, Number(typed.trim())) : null;
  const season = byNumber ?? (await services.seasons.suggest(guildId, typed, 1))[0] ?? null;
  if (!season) throw new UserError(msg('seasons.unknown', { season: typed }), 'not_found');
  return season.endedAt ? season.number : undefined;
}

function parseBoard(value: string): BoardName {
  if (!(BOARD_NAMES as string[]).includes(value)) throw new UserError(msg('stats.board.unknown', { name: value }), 'validation');
  return value as BoardName;
}

export default defineCommand({
  name: 'leaderboard',
  description: 'cmd.leaderboard',
  // A name members of other killfeed bots type for it: /top answers with the board and names /leaderboard.
  aliases: [{ name: 'top' }],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'stat',
      description: 'cmd.leaderboard.stat',
      required: true,
      // Choice names stay English for now (Discord shows them as registered).
      choices: BOARD_NAMES.map((b) => ({ ...choiceName(plain(boardLabel(b))), value: b })),
    },
    WINDOW_OPTION,
    SERVER_OPTION,
    { type: ApplicationCommandOptionType.Integer, name: 'page', description: 'cmd.leaderboard.page', min_value: 1 },
    { type: ApplicationCommandOptionType.Boolean, name: 'image', description: 'boards.option.image' },
    { type: ApplicationCommandOptionType.String, name: 'season', description: 'cmd.leaderboard.season', autocomplete: true, max_length: 12 },
    { type: ApplicationCommandOptionType.Boolean, name: 'faction', description: 'cmd.leaderboard.faction' },
  ],
  async run({ interaction, services, respond, guildT }, { stat, window, server, page, image, season, faction }) {
    // Factions ranked instead of players (src/commands/faction/board.ts), guild-wide.
    if (faction) return void (await respond(await factionBoard(services, interaction.guildId, await guildT(), stat, windowOption(window))));
    const guildId = interaction.guildId;
    // Discord only sends a listed choice, but a definition registered by an older version may list others.
    const board = parseBoard(stat);
    const serverId = server ? (await services.gameServers.resolve(guildId, server))._id : ALL;
    const chosen = season ? await endedSeason(services, guildId, season) : undefined;
    const asked: BoardAsked = { board, serverId, window: chosen === undefined ? windowOption(window) : 'season', image: image ?? false, ...(chosen === undefined ? {} : { season: chosen }) };
    await respond(await render(services, guildId, await guildT(), asked, page ?? 1));
  },
  autocomplete: async ({ interaction, services }) => {
    if (interaction.options.getFocused(true).name !== 'season') return choices(await serverChoicesFor(services.gameServers, interaction));
    const t = await services.guildConfigs.texts(interaction.guildId);
    const seasons = (await services.seasons.suggest(interaction.guildId, String(interaction.options.getFocused()))).filter((s) => s.endedAt);
    return choices(seasons.map((s) => ({ name: seasonTitle(s, t), value: String(s.number) })));
  },
  buttons: {
    // `board:server:page:window:image:direction`; ids of older versions have only the direction (all time, text).
    page: defineRoute({
      args: z.union([
        z.tuple([z.string().max(32), routeArgs.id, routeArgs.page, z.string().max(16), z.enum(['0', '1']), z.enum(['p', 'n'])]),
        z.tuple([z.string().max(32), routeArgs.id, routeArgs.page, z.enum(['p', 'n'])]).transform(([b, s, p, d]) => [b, s, p, 'all', '0', d] as const),
      ]),
      // Paging edits the board in place for whoever clicks: it is public and the same for everyone.
      policy: { rateLimit: { uses: 10, windowMs: 10_000 } },
      async run({ interaction, services, guildT, update }, [board, serverId, page, window, image]) {
        const asked: BoardAsked = { board: parseBoard(board), serverId, ...parseWindowArg(window), image: image === '1' };
        await update(await render(services, interaction.guildId, await guildT(), asked, page));
      },
    }),
  },
});

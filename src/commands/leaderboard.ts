import { ActionRowBuilder, ApplicationCommandOptionType, ButtonBuilder, ButtonStyle } from 'discord.js';
import { choices, shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { encodeCustomId } from '../framework/customId.js';
import { z } from 'zod';
import { defineRoute, routeArgs } from '../framework/routes.js';
import { defineCommand } from '../framework/define.js';
import { choiceName } from '../i18n/commandText.js';
import { msg, plain } from '../i18n/message.js';
import type { Translator } from '../i18n/translate.js';
import type { AppServices } from '../services/container.js';
import { BOARD_NAMES, boardLabel, isPlayerBoard, PAGE_SIZE, pageCount, PLAYER_BOARDS, boardRowsOf, type BoardName, type PlayerBoard } from '../stats/leaderboards.js';
import { serverChoicesFor, SERVER_OPTION } from '../stats/options.js';
import { leaderboardEmbed, type BoardRow } from '../stats/views.js';

/** `*` in a custom id: every server of the guild. */
const ALL = '*';

/** One page of a board and how many rank on it, read a page at a time (never a whole guild). */
async function boardPage(services: AppServices, guildId: string, board: BoardName, t: Translator, page: number, serverId?: string) {
  const clampPage = (total: number) => Math.min(Math.max(1, page), pageCount(total));
  if (board === 'credits') {
    const total = await services.economy.holders(guildId);
    const current = clampPage(total);
    const top = await services.economy.top(guildId, (current - 1) * PAGE_SIZE, PAGE_SIZE);
    return { total, current, rows: top.map((m) => ({ label: `<@${m.userId}>`, value: t.t('stats.board.credits', { count: m.credits }) })) };
  }
  if (isPlayerBoard(board)) {
    const { total, current, players } = await services.stats.board(guildId, board, page, PAGE_SIZE, serverId);
    return { total, current, rows: boardRowsOf(players, board, t) };
  }
  const all: BoardRow[] = (await services.stats.pixelBoard(guildId)).map((m) => ({ label: `<@${m.userId}>`, value: t.t('stats.board.pixels', { count: m.value }) }));
  const current = clampPage(all.length);
  return { total: all.length, current, rows: all.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE) };
}

/**
 * The board message for a page, in the guild's words (the board is public, and paging edits it for
 * everyone); the buttons carry board, server and page so they work after a restart.
 */
async function render(services: AppServices, guildId: string, t: Translator, board: BoardName, serverId: string, page: number) {
  const server = serverId === ALL ? null : await services.gameServers.get(guildId, serverId);
  if (serverId !== ALL && !server) throw new UserError(msg('stats.board.serverRemoved'), 'not_found');
  const { total, current, rows } = await boardPage(services, guildId, board, t, page, server?._id);
  const pages = pageCount(total);
  const first = (current - 1) * PAGE_SIZE;
  const scope = isPlayerBoard(board) ? (server ? shownName(server.name) : t.t('stats.board.allServers')) : t.t('stats.board.thisDiscord');
  const note = isPlayerBoard(board) ? (PLAYER_BOARDS[board] as PlayerBoard).note : undefined;
  const footer = [t.t('stats.board.page', { current, pages }), t.t('stats.board.ranked', { total }), note ? t.text(note) : ''].filter(Boolean).join(' · ');
  // The direction keeps the two ids distinct (Discord requires it) whatever the target pages are.
  const nav = (direction: 'p' | 'n', target: number, disabled: boolean) =>
    new ButtonBuilder()
      .setCustomId(encodeCustomId('leaderboard', 'page', board, serverId, target, direction))
      .setLabel(direction === 'p' ? '◀' : '▶')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(disabled);
  return {
    embeds: [leaderboardEmbed(t.t('stats.board.title', { board: t.t(boardLabel(board)), scope }), rows, first, footer, t)],
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(nav('p', current - 1, current <= 1), nav('n', current + 1, current >= pages))],
  };
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
    SERVER_OPTION,
    { type: ApplicationCommandOptionType.Integer, name: 'page', description: 'cmd.leaderboard.page', min_value: 1 },
  ],
  async run({ interaction, services, respond, guildT }, { stat, server, page }) {
    const guildId = interaction.guildId;
    // Discord only sends a listed choice, but a definition registered by an older version may list others.
    const board = parseBoard(stat);
    const serverId = server ? (await services.gameServers.resolve(guildId, server))._id : ALL;
    await respond(await render(services, guildId, await guildT(), board, serverId, page ?? 1));
  },
  autocomplete: async ({ interaction, services }) => choices(await serverChoicesFor(services.gameServers, interaction)),
  buttons: {
    // `board:server:page:direction` (the direction only keeps the two buttons' ids apart).
    page: defineRoute({
      args: z.tuple([z.string().max(32), routeArgs.id, routeArgs.page], z.string()),
      // Paging edits the board in place for whoever clicks: it is public and the same for everyone.
      policy: { rateLimit: { uses: 10, windowMs: 10_000 } },
      async run({ interaction, services, guildT, update }, [board, serverId, page]) {
        await update(await render(services, interaction.guildId, await guildT(), parseBoard(board), serverId, page));
      },
    }),
  },
});

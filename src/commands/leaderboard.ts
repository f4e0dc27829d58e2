import { ActionRowBuilder, ApplicationCommandOptionType, ButtonBuilder, ButtonStyle } from 'discord.js';
import { choices, shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import type { GuildFormat } from '../format/guildFormat.js';
import { encodeCustomId } from '../framework/customId.js';
import { defineCommand } from '../framework/define.js';
import type { AppServices } from '../services/container.js';
import { BOARD_NAMES, boardLabel, isPlayerBoard, PAGE_SIZE, pageCount, PLAYER_BOARDS, boardRowsOf, type BoardName } from '../stats/leaderboards.js';
import { serverChoices, SERVER_OPTION } from '../stats/options.js';
import { leaderboardEmbed, type BoardRow } from '../stats/views.js';

/** `*` in a custom id: every server of the guild. */
const ALL = '*';

/** One page of a board and how many rank on it, read a page at a time (never a whole guild). */
async function boardPage(services: AppServices, guildId: string, board: BoardName, format: GuildFormat, page: number, serverId?: string) {
  const clampPage = (total: number) => Math.min(Math.max(1, page), pageCount(total));
  if (board === 'credits') {
    const total = await services.economy.holders(guildId);
    const current = clampPage(total);
    const top = await services.economy.top(guildId, (current - 1) * PAGE_SIZE, PAGE_SIZE);
    return { total, current, rows: top.map((m) => ({ label: `<@${m.userId}>`, value: `${format.number(m.credits)} credits` })) };
  }
  if (isPlayerBoard(board)) {
    const { total, current, players } = await services.stats.board(guildId, board, page, PAGE_SIZE, serverId);
    return { total, current, rows: boardRowsOf(players, board, format) };
  }
  const all: BoardRow[] = (await services.stats.pixelBoard(guildId)).map((m) => ({ label: `<@${m.userId}>`, value: `${format.number(m.value)} pixels` }));
  const current = clampPage(all.length);
  return { total: all.length, current, rows: all.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE) };
}

/** The board message for a page; the buttons carry board, server and page so they work after a restart. */
async function render(services: AppServices, guildId: string, board: BoardName, serverId: string, page: number) {
  const server = serverId === ALL ? null : await services.gameServers.get(guildId, serverId);
  if (serverId !== ALL && !server) throw new UserError('That game server was removed. Run `/leaderboard` again.', 'not_found');
  const format = await services.guildConfigs.format(guildId);
  const { total, current, rows } = await boardPage(services, guildId, board, format, page, server?._id);
  const pages = pageCount(total);
  const first = (current - 1) * PAGE_SIZE;
  const scope = isPlayerBoard(board) ? (server ? shownName(server.name) : 'all servers') : 'this Discord server';
  const note = isPlayerBoard(board) ? (PLAYER_BOARDS[board] as { note?: string }).note : undefined;
  const footer = [`Page ${format.number(current)}/${format.number(pages)}`, `${format.number(total)} ranked`, note].filter(Boolean).join(' · ');
  // The direction keeps the two ids distinct (Discord requires it) whatever the target pages are.
  const nav = (direction: 'p' | 'n', target: number, disabled: boolean) =>
    new ButtonBuilder()
      .setCustomId(encodeCustomId('leaderboard', 'page', board, serverId, target, direction))
      .setLabel(direction === 'p' ? '◀' : '▶')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(disabled);
  return {
    embeds: [leaderboardEmbed(`🏆 ${boardLabel(board)} — ${scope}`, rows, first, footer, format)],
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(nav('p', current - 1, current <= 1), nav('n', current + 1, current >= pages))],
    allowedMentions: { parse: [] },
  };
}

function parseBoard(value: string): BoardName {
  if (!(BOARD_NAMES as string[]).includes(value)) throw new UserError(`Unknown leaderboard “${value}”.`, 'validation');
  return value as BoardName;
}

export default defineCommand({
  name: 'leaderboard',
  description: 'Top players (or members) by a stat',
  // A name members of other killfeed bots type for it: /top answers with the board and names /leaderboard.
  aliases: [{ name: 'top' }],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'stat',
      description: 'What to rank by',
      required: true,
      choices: BOARD_NAMES.map((b) => ({ name: boardLabel(b), value: b })),
    },
    SERVER_OPTION,
    { type: ApplicationCommandOptionType.Integer, name: 'page', description: 'Page to start at', min_value: 1 },
  ],
  async run({ interaction, services, respond }, { stat, server, page }) {
    const guildId = interaction.guildId;
    // Discord only sends a listed choice, but a definition registered by an older version may list others.
    const board = parseBoard(stat);
    const serverId = server ? (await services.gameServers.resolve(guildId, server))._id : ALL;
    await respond(await render(services, guildId, board, serverId, page ?? 1));
  },
  autocomplete: async ({ interaction, services }) => choices(await serverChoices(services.gameServers, interaction)),
  buttons: {
    page: {
      // Paging edits the board in place for whoever clicks: it is public and the same for everyone.
      policy: { rateLimit: { uses: 10, windowMs: 10_000 } },
      async run({ interaction, services, args }) {
        const [board, serverId, page] = args;
        await interaction.update(await render(services, interaction.guildId, parseBoard(board ?? ''), serverId ?? ALL, Number(page) || 1));
      },
    },
  },
});

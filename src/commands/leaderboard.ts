import { ActionRowBuilder, ButtonBuilder, ButtonStyle, InteractionContextType, SlashCommandBuilder, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../errors.js';
import { encodeCustomId } from '../framework/customId.js';
import { defineCommand } from '../framework/types.js';
import type { AppServices } from '../services/container.js';
import { BOARD_NAMES, boardLabel, isPlayerBoard, PAGE_SIZE, pageCount, PLAYER_BOARDS, rankPlayers, type BoardName } from '../stats/leaderboards.js';
import { serverChoices } from '../stats/options.js';
import { leaderboardEmbed, type BoardRow } from '../stats/views.js';

/** `*` in a custom id: every server of the guild. */
const ALL = '*';

async function boardRows(services: AppServices, guildId: string, board: BoardName, serverId?: string): Promise<BoardRow[]> {
  if (!isPlayerBoard(board)) {
    return (await services.stats.pixelBoard(guildId)).map((m) => ({ label: `<@${m.userId}>`, value: `${m.value} pixels` }));
  }
  const def = PLAYER_BOARDS[board];
  return rankPlayers(await services.stats.players(guildId, serverId), board).map((p) => ({ label: p.name, value: def.format(p) }));
}

/** The board message for a page; the buttons carry board, server and page so they work after a restart. */
async function render(services: AppServices, interaction: ChatInputCommandInteraction | ButtonInteraction, board: BoardName, serverId: string, page: number) {
  const guildId = interaction.guildId!;
  const server = serverId === ALL ? null : await services.servers.get(guildId, serverId);
  if (serverId !== ALL && !server) throw new UserError('That game server was removed. Run `/leaderboard` again.', 'not_found');
  const rows = await boardRows(services, guildId, board, server?._id);
  const pages = pageCount(rows.length);
  const current = Math.min(Math.max(1, page), pages);
  const first = (current - 1) * PAGE_SIZE;
  const scope = isPlayerBoard(board) ? (server?.name ?? 'all servers') : 'this Discord server';
  const note = isPlayerBoard(board) ? (PLAYER_BOARDS[board] as { note?: string }).note : undefined;
  const footer = [`Page ${current}/${pages}`, `${rows.length} ranked`, note].filter(Boolean).join(' · ');
  // The direction keeps the two ids distinct (Discord requires it) whatever the target pages are.
  const nav = (direction: 'p' | 'n', target: number, disabled: boolean) =>
    new ButtonBuilder()
      .setCustomId(encodeCustomId('leaderboard', 'page', board, serverId, target, direction))
      .setLabel(direction === 'p' ? '◀' : '▶')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(disabled);
  return {
    embeds: [leaderboardEmbed(`🏆 ${boardLabel(board)} — ${scope}`, rows.slice(first, first + PAGE_SIZE), first, footer)],
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
  definition: new SlashCommandBuilder()
    .setName('leaderboard')
    .setDescription('Top players (or members) by a stat')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o
        .setName('stat')
        .setDescription('What to rank by')
        .setRequired(true)
        .addChoices(...BOARD_NAMES.map((b) => ({ name: boardLabel(b), value: b }))),
    )
    .addStringOption((o) => o.setName('server').setDescription('Only this server (default: all)').setAutocomplete(true))
    .addIntegerOption((o) => o.setName('page').setDescription('Page to start at').setMinValue(1))
    .toJSON(),
  async execute({ interaction, services, respond }) {
    const board = parseBoard(interaction.options.getString('stat', true));
    const serverOption = interaction.options.getString('server');
    const serverId = serverOption ? (await services.servers.resolve(interaction.guildId!, serverOption))._id : ALL;
    await respond(await render(services, interaction, board, serverId, interaction.options.getInteger('page') ?? 1));
  },
  autocomplete: ({ interaction, services }) => serverChoices(services, interaction),
  buttons: {
    page: {
      // Paging edits the board in place for whoever clicks: it is public and the same for everyone.
      policy: { rateLimit: { uses: 10, windowMs: 10_000 } },
      async run({ interaction, services, args }) {
        const [board, serverId, page] = args;
        await interaction.update(await render(services, interaction, parseBoard(board ?? ''), serverId ?? ALL, Number(page) || 1));
      },
    },
  },
});

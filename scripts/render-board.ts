/**
 * Renders the README picture of a board: `npx tsx scripts/render-board.ts [out.png]` (default
 * docs/board.png). Ten sample players, put in words and drawn by the bot's own board view and renderer
 * exactly as `/leaderboard stat:kills window:week server:[EU] PvP #1 image:true` shows them in an
 * English guild (names in several scripts, as players type them).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { translator } from '../src/i18n/translate.js';
import { newPlayer } from '../src/ingest/statsDocs.js';
import { boardView, playerLines } from '../src/stats/boardContent.js';
import { renderBoardImage } from '../src/stats/boardImage.js';
import { boardImageInput } from '../src/stats/boardMessage.js';
import { PAGE_SIZE } from '../src/stats/leaderboards.js';

const PLAYERS: [string, number][] = [
  ['LankDank42', 187],
  ['Дмитрий', 164],
  ['狙击手', 151],
  ['xX_Sn1per_Xx', 122],
  ['Zoë', 98],
  ['Kowalski', 91],
  ['João Pedro', 77],
  ['Müller', 64],
  ['NightOwl', 58],
  ['Ghost 👻', 41],
];

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'docs/board.png');
  const t = translator({ locale: 'en-US', timezone: 'UTC' });
  const at = new Date('2025-05-01T12:00:00Z');
  const players = PLAYERS.map(([name, kills], i) => ({ ...newPlayer({ guildId: 'g', serverId: '*' }, String(i).padStart(32, '0'), name, at), kills }));
  const view = await boardView({
    t,
    board: 'kills',
    window: { name: 'week' },
    serverName: '[EU] PvP #1',
    source: async () => ({ total: 1284, current: 1, rows: playerLines(players, 'kills', t) }),
    page: 1,
    pageSize: PAGE_SIZE,
  });
  const png = await renderBoardImage(boardImageInput(view, t));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, png);
  process.stdout.write(`wrote ${out}: ${png.length} bytes\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

/**
 * Renders the README picture of /compare: `npx tsx scripts/render-compare.ts [out.png]` (default
 * docs/compare.png). Two sample players, drawn by the bot's own view and renderer exactly as
 * `/compare a:LankDank42 b:Дмитрий window:week` shows them in an English guild.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { translator } from '../src/i18n/translate.js';
import { renderCompareCard } from '../src/stats/compareCard.js';
import { compareView, type CompareFigures } from '../src/stats/compareView.js';

const FIGURES: CompareFigures = {
  a: { playerId: 'a'.repeat(32), name: 'LankDank42', kills: 412, deaths: 187, kdr: 2.2, longest: 612.4, bestStreak: 14, weapon: { name: 'M99', kills: 158 } },
  b: { playerId: 'b'.repeat(32), name: 'Дмитрий', kills: 389, deaths: 241, kdr: 1.61, longest: 731, bestStreak: 9, weapon: { name: 'AK-SU', kills: 201 } },
  duel: { aKilledB: 23, bKilledA: 17 },
  scope: '[EU] PvP #1',
  window: 'week',
};

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'docs/compare.png');
  const view = compareView(FIGURES, translator({ locale: 'en-US', timezone: 'UTC' }));
  const { png, layout } = await renderCompareCard(view.card);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, png);
  process.stdout.write(`wrote ${out}: ${layout.width}×${layout.height}, ${png.length} bytes\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

/** The games as the bot runs them: the service the commands use, and its sweep started (stop it at shutdown). */
import type { Collections } from '../db/collections.js';
import type { Economy } from '../economy/economy.js';
import type { EcoSettingsOf } from '../economy/settings.js';
import type { Logger } from '../logger.js';
import { GameSweep } from './gameSweep.js';
import { Games } from './games.js';

export function startGames(parts: { cols: Pick<Collections, 'gameHands' | 'creditLedger'>; economy: Economy; settingsOf: EcoSettingsOf; logger: Logger }): { games: Games; sweep: GameSweep } {
  const games = new Games({ hands: parts.cols.gameHands, ledger: parts.cols.creditLedger, economy: parts.economy, settingsOf: parts.settingsOf });
  const sweep = new GameSweep(parts.cols.gameHands, games, parts.logger);
  sweep.start();
  return { games, sweep };
}

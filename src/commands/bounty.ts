/**
 * /bounty: members put credits on in-game players (place), see what is on whom (list) and take back what
 * nobody claimed yet (cancel). Kills claim them through the log ingestion (src/bounties/claims.ts); each
 * subcommand lives in ./bounty/<subcommand>.ts.
 */
import { choices } from '../discord/limits.js';
import { defineCommand } from '../framework/define.js';
import { serverChoicesFor } from '../stats/options.js';
import { cancel, cancelChoices } from './bounty/cancel.js';
import { list } from './bounty/list.js';
import { place } from './bounty/place.js';

export default defineCommand({
  name: 'bounty',
  description: 'cmd.bounty',
  subcommands: [place, list, cancel],

  /** `player:` the guild's players (as /link), `server:` its game servers, `id:` the member's active bounties. */
  async autocomplete(ctx) {
    const { interaction, services } = ctx;
    const focused = interaction.options.getFocused(true).name;
    if (focused === 'server') return choices(await serverChoicesFor(services.gameServers, interaction));
    if (focused === 'id') return choices(await cancelChoices(ctx));
    return choices(await services.stats.suggestPlayers(interaction.guildId, String(interaction.options.getFocused())));
  },
});

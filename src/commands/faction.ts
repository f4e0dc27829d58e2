/**
 * /faction: members found factions, invite others (who accept or decline with buttons), leave, kick,
 * promote officers, disband, and see a faction's numbers. Rules: src/factions/service.ts; one file per
 * subcommand group in ./faction/.
 */
import { choices } from '../discord/limits.js';
import { defineCommand } from '../framework/define.js';
import { create } from './faction/create.js';
import { disband, endButton, keepButton } from './faction/disband.js';
import { info } from './faction/info.js';
import { declineButton, invite, joinButton } from './faction/invite.js';
import { kick, leave, promote } from './faction/members.js';

export default defineCommand({
  name: 'faction',
  description: 'cmd.faction',
  ephemeral: true,
  subcommands: [create, invite, leave, kick, promote, disband, info],
  // Custom ids are stored in messages: these action names must not change.
  buttons: { join: joinButton, no: declineButton, end: endButton, keep: keepButton },

  /** `name:` of info: the guild's factions by name or tag. */
  async autocomplete({ interaction, services }) {
    const found = await services.factions.store.suggest(interaction.guildId, String(interaction.options.getFocused()));
    return choices(found.map((f) => ({ name: `[${f.tag}] ${f.name}`, value: f.tag })));
  },
});

/**
 * /links (admins): review members' link claims, list who holds which player, add (or move) and remove
 * links. Each subcommand and its buttons live in ./links/<subcommand>.ts; changes are in the audit log.
 */
import { choices } from '../discord/limits.js';
import { defineCommand } from '../framework/define.js';
import { add } from './links/add.js';
import { list } from './links/list.js';
import { remove } from './links/remove.js';
import { approveButton, pageButton, rejectButton, review } from './links/review.js';

export default defineCommand({
  name: 'links',
  description: 'cmd.links',
  access: 'admin',
  ephemeral: true,
  subcommands: [review, list, add, remove],
  // Custom ids are stored in messages: these action names must not change.
  buttons: { ok: approveButton, no: rejectButton, page: pageButton },

  /** `player:` of add: the guild's players; of remove: the chosen member's links (else the guild's players). */
  async autocomplete({ interaction, services }) {
    const typed = String(interaction.options.getFocused()).trim();
    const memberId = interaction.options.getSubcommand(false) === 'remove' ? interaction.options.get('member')?.value : undefined;
    if (typeof memberId === 'string') {
      const held = await services.links.ofMember(interaction.guildId, memberId);
      const lower = typed.toLowerCase();
      return choices(held.filter((l) => !lower || l.playerNameLower.includes(lower)).map((l) => ({ name: l.playerName, value: l.playerId })));
    }
    return choices(await services.stats.suggestPlayers(interaction.guildId, typed));
  },
});

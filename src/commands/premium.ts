/**
 * /premium: everyone sees this guild's tier (`status`); the bot's operators (OWNER_IDS) grant and revoke
 * tiers for any guild from any guild. Not hidden behind Manage Server: operators need not be admins where
 * they run it, and everyone else is refused at run time. Tiers and their limits: src/premium/tiers.ts.
 */
import { choices } from '../discord/limits.js';
import { defineCommand } from '../framework/define.js';
import { grant } from './premium/grant.js';
import { revoke } from './premium/revoke.js';
import { knownGuilds } from './premium/shared.js';
import { status } from './premium/status.js';

export default defineCommand({
  name: 'premium',
  description: 'cmd.premium',
  ephemeral: true,
  subcommands: [status, grant, revoke],

  /** `guild:` of grant and revoke: the bot's guilds by name or id (the dispatcher keeps it to operators). */
  async autocomplete({ interaction }) {
    const typed = String(interaction.options.getFocused()).trim().toLowerCase();
    const guilds = await knownGuilds(interaction.client);
    return choices(
      guilds
        .filter((g) => !typed || g.name.toLowerCase().includes(typed) || g.id.startsWith(typed))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((g) => ({ name: `${g.name} — ${g.id}`, value: g.id })),
    );
  },
});

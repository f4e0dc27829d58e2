/**
 * /server: connect and manage the guild's Deadside game servers (SFTP). This file holds the definition
 * and the routing; each subcommand and the buttons it shows live in ./server/<subcommand>.ts, and every
 * change of a server goes through GameServers (src/servers/gameServers.ts).
 */
import { choices } from '../discord/limits.js';
import { defineCommand } from '../framework/define.js';
import { serverChoices } from '../servers/choices.js';
import { formatAddress } from '../servers/input.js';
import { add, addForm } from './server/add.js';
import { backfill } from './server/backfill.js';
import { browse, openSelect, pageButton, upButton } from './server/browse.js';
import { channels } from './server/channels.js';
import { download } from './server/download.js';
import { edit, editForm } from './server/edit.js';
import { list } from './server/list.js';
import { keepButton, remove, removeButton } from './server/remove.js';
import { settings } from './server/settings.js';
import { statusboard } from './server/statusboard.js';
import { keepBlockedButton, retrustButton, test } from './server/test.js';
import { cancelButton, trustButton } from './server/trust.js';

export default defineCommand({
  name: 'server',
  description: 'cmd.server',
  access: 'admin',
  ephemeral: true,
  subcommands: [add, list, test, edit, remove, browse, download, channels, backfill, settings, statusboard],
  // Custom ids are stored in messages: these action names must not change.
  modals: { add: addForm, edit: editForm },
  buttons: {
    trust: trustButton,
    cancel: cancelButton,
    retrust: retrustButton,
    keep: keepBlockedButton,
    rm: removeButton,
    rmno: keepButton,
    bpage: pageButton,
    bup: upButton,
  },
  selects: { bopen: openSelect },

  /** This guild's servers only, matched by name or id, shown with their address. */
  async autocomplete({ interaction, services }) {
    const servers = await services.gameServers.list(interaction.guildId);
    return choices(serverChoices(servers, interaction.options.getFocused(), (s) => `${s.name} — ${formatAddress(s.host, s.port)}`));
  },
});

/**
 * /eco (admins): the guild's economy. `give`, `take` and `reset` correct a member's credits (each one
 * `eco` ledger entry under the key of its interaction, audited with the reason); `settings` shows and
 * sets the amounts the guild pays and charges. Each subcommand lives in ./eco/<subcommand>.ts.
 */
import { defineCommand } from '../framework/define.js';
import { give } from './eco/give.js';
import { keepButton, reset, resetButton } from './eco/reset.js';
import { settings } from './eco/settings.js';
import { take } from './eco/take.js';

export default defineCommand({
  name: 'eco',
  description: 'cmd.eco',
  access: 'admin',
  ephemeral: true,
  subcommands: [give, take, reset, settings],
  // Custom ids are stored in messages: these action names must not change.
  buttons: { reset: resetButton, keep: keepButton },
});

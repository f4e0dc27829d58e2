/**
 * /season: seasons (wipes). `start` ends the current season (its final boards archived, season windows
 * from zero, all-time untouched), `list` shows them, `channel` sets where an ended season's boards are
 * posted. The seasons themselves: src/stats/seasons.ts.
 */
import { defineCommand } from '../framework/define.js';
import { channel } from './season/channel.js';
import { list, pageButton } from './season/list.js';
import { askButton, cancelButton, goButton, start } from './season/start.js';

export default defineCommand({
  name: 'season',
  description: 'cmd.season',
  access: 'admin',
  ephemeral: true,
  subcommands: [start, list, channel],
  // Custom ids are stored in messages: these action names must not change.
  buttons: { go: goButton, no: cancelButton, page: pageButton, ask: askButton },
});

/**
 * /board: boards the bot keeps up to date by editing one message (admins). `/leaderboard` keeps its
 * options (Discord allows no subcommand beside them), so posting one is a command of its own. Each
 * subcommand lives in ./board/<subcommand>.ts; the boards themselves are src/boards/.
 */
import { choices } from '../discord/limits.js';
import { defineCommand } from '../framework/define.js';
import { serverChoicesFor } from '../stats/options.js';
import { list } from './board/list.js';
import { post } from './board/post.js';
import { remove } from './board/remove.js';
import { boardChoiceName } from './board/shared.js';

export default defineCommand({
  name: 'board',
  description: 'cmd.board',
  access: 'admin',
  ephemeral: true,
  subcommands: [post, list, remove],

  /** `server:` of post (this guild's servers), `board:` of remove (this guild's boards). */
  async autocomplete({ interaction, services }) {
    const guildId = interaction.guildId;
    if (interaction.options.getFocused(true).name !== 'board') return choices(await serverChoicesFor(services.gameServers, interaction));
    const typed = String(interaction.options.getFocused()).trim().toLowerCase();
    const [boards, servers, t] = await Promise.all([services.boards.list(guildId), services.gameServers.list(guildId), services.guildConfigs.memberTexts(guildId, interaction.locale)]);
    const names = new Map(servers.map((s) => [s._id, s.name]));
    const channels = services.client.guilds.cache.get(guildId)?.channels.cache;
    const all = boards.map((b) => ({ name: boardChoiceName(b, t, names, channels?.get(b.channelId)?.name), value: b._id }));
    return choices(all.filter((c) => !typed || c.name.toLowerCase().includes(typed) || c.value.toLowerCase().startsWith(typed)));
  },
});

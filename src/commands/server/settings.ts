/** `/server settings`: polling interval (bounded by the tier), killfeed delay, suicides, pause. */
import { ApplicationCommandOptionType as T } from 'discord.js';
import { shownName } from '../../discord/limits.js';
import { defineSubcommand } from '../../framework/define.js';
import type { ServerSettings } from '../../servers/repo.js';
import { serverOption } from './shared.js';

export const settings = defineSubcommand({
  definition: {
    type: T.Subcommand,
    name: 'settings',
    description: 'Polling and killfeed behaviour of a server',
    options: [
      serverOption,
      { type: T.Integer, name: 'poll_seconds', description: 'Seconds between reads of the logs (your tier sets the minimum)', min_value: 5, max_value: 3600 },
      { type: T.Integer, name: 'killfeed_delay_seconds', description: 'Hold kills this long before posting', min_value: 0, max_value: 600 },
      { type: T.Boolean, name: 'show_suicides', description: 'Post suicides, falls and relocations' },
      { type: T.Boolean, name: 'paused', description: 'Stop reading this server for now' },
    ],
  },
  async run({ interaction, services, respond }, options) {
    const server = await services.gameServers.resolve(interaction.guildId, options.server);
    const patch: Partial<ServerSettings> = {};
    if (options.poll_seconds !== null) patch.pollSeconds = options.poll_seconds;
    if (options.killfeed_delay_seconds !== null) patch.killfeedDelaySeconds = options.killfeed_delay_seconds;
    if (options.show_suicides !== null) patch.showSuicides = options.show_suicides;
    if (options.paused !== null) patch.paused = options.paused;
    const [s, format] = await Promise.all([services.gameServers.updateSettings(server, patch), services.guildConfigs.format(interaction.guildId)]);
    await respond({
      content: [
        Object.keys(patch).length ? `✅ Settings of **${shownName(server.name)}** saved.` : `Settings of **${shownName(server.name)}**:`,
        `**Poll every:** ${s.pollSeconds ? `${format.number(s.pollSeconds)} s` : 'as often as your tier allows'} · **killfeed delay:** ${format.number(s.killfeedDelaySeconds)} s · **suicides:** ${s.showSuicides ? 'shown' : 'hidden'} · **paused:** ${s.paused ? 'yes' : 'no'}`,
      ].join('\n'),
    });
  },
});

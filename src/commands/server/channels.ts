/** `/server channels`: where each feed goes; wrong channel kinds and channels the bot cannot post in are refused. */
import { ApplicationCommandOptionType as T, ChannelType } from 'discord.js';
import { clip, LIMITS, shownName } from '../../discord/limits.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import { msg } from '../../i18n/message.js';
import { channelProblems, feedName, FEEDS, type Feed } from '../../servers/channels.js';
import { joinLines } from '../../servers/text.js';
import { serverOption } from './shared.js';

const TEXT = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

export const channels = defineSubcommand({
  definition: {
    type: T.Subcommand,
    name: 'channels',
    description: 'cmd.server.channels',
    options: [
      serverOption,
      { type: T.Channel, name: 'killfeed', description: 'cmd.server.channels.killfeed', channel_types: TEXT },
      { type: T.Channel, name: 'callouts', description: 'cmd.server.channels.callouts', channel_types: TEXT },
      { type: T.Channel, name: 'events', description: 'cmd.server.channels.events', channel_types: TEXT },
      { type: T.Channel, name: 'connections', description: 'cmd.server.channels.connections', channel_types: TEXT },
      { type: T.Channel, name: 'playercount', description: 'cmd.server.channels.playercount', channel_types: [ChannelType.GuildVoice] },
      {
        type: T.String,
        name: 'clear',
        description: 'cmd.server.channels.clear',
        choices: [...FEEDS.map((f) => ({ name: f, value: f })), { name: 'all', value: 'all' }],
      },
    ],
  },
  async run({ interaction, services, respond, t }, options) {
    const server = await services.gameServers.resolve(interaction.guildId, options.server);
    const patch: Partial<Record<Feed, string | null>> = {};
    for (const feed of FEEDS) {
      const channel = options[feed];
      if (channel) patch[feed] = channel.id;
    }
    for (const feed of FEEDS) if (options.clear === feed || options.clear === 'all') patch[feed] = null;
    const problems = await channelProblems(services.client.guilds.cache.get(interaction.guildId), patch);
    if (problems.length) throw new UserError(joinLines(problems), 'validation');
    const saved = await services.gameServers.setChannels(server, patch);
    if (Object.keys(patch).length) await services.audit.recordBy(interaction, 'channels', 'server.channels', server.name, { ...patch });
    const lines = FEEDS.map((f) => {
      const id = saved[f];
      return t.t('server.channels.line', { feed: feedName(f), channel: id ? `<#${id}>` : msg('server.channels.off') });
    });
    const name = shownName(server.name);
    await respond(clip([t.t(Object.keys(patch).length ? 'server.channels.saved' : 'server.channels.shown', { name }), ...lines].join('\n'), LIMITS.content));
  },
});

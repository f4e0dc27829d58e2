/** `/server channels`: where each feed goes; wrong channel kinds and channels the bot cannot post in are refused. */
import { ApplicationCommandOptionType as T, ChannelType } from 'discord.js';
import { clip, LIMITS, shownName } from '../../discord/limits.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import { channelProblems, FEEDS, type Feed } from '../../servers/channels.js';
import { serverOption } from './shared.js';

const TEXT = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

export const channels = defineSubcommand({
  definition: {
    type: T.Subcommand,
    name: 'channels',
    description: 'Where the killfeed, events, connections and player count go',
    options: [
      serverOption,
      { type: T.Channel, name: 'killfeed', description: 'Text channel for kills', channel_types: TEXT },
      { type: T.Channel, name: 'events', description: 'Text channel for missions, airdrops, restarts, alerts', channel_types: TEXT },
      { type: T.Channel, name: 'connections', description: 'Text channel for joins and leaves', channel_types: TEXT },
      { type: T.Channel, name: 'playercount', description: 'Voice channel renamed to the player count', channel_types: [ChannelType.GuildVoice] },
      {
        type: T.String,
        name: 'clear',
        description: 'Turn a feed off',
        choices: [...FEEDS.map((f) => ({ name: f, value: f })), { name: 'all', value: 'all' }],
      },
    ],
  },
  async run({ interaction, services, respond }, options) {
    const server = await services.gameServers.resolve(interaction.guildId, options.server);
    const patch: Partial<Record<Feed, string | null>> = {};
    for (const feed of FEEDS) {
      const channel = options[feed];
      if (channel) patch[feed] = channel.id;
    }
    for (const feed of FEEDS) if (options.clear === feed || options.clear === 'all') patch[feed] = null;
    const problems = await channelProblems(services.client.guilds.cache.get(interaction.guildId), patch);
    if (problems.length) throw new UserError(problems.join('\n'), 'validation');
    const saved = await services.gameServers.setChannels(server, patch);
    const lines = FEEDS.map((f) => `**${f}:** ${saved[f] ? `<#${saved[f]}>` : 'off'}`);
    const name = shownName(server.name);
    await respond({
      content: clip([Object.keys(patch).length ? `✅ Channels of **${name}** saved.` : `Channels of **${name}**:`, ...lines].join('\n'), LIMITS.content),
      allowedMentions: { parse: [] },
    });
  },
});

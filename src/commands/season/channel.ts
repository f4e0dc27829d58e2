/** `/season channel [channel]`: where a season's final boards are posted when the next begins; without a channel, nowhere. */
import { ApplicationCommandOptionType, ChannelType } from 'discord.js';
import { defineSubcommand } from '../../framework/define.js';

export const channel = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'channel',
    description: 'cmd.season.channel',
    options: [{ type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'cmd.season.channel.channel', channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] }],
  },
  async run({ interaction, services, respond, t }, options) {
    const channelId = options.channel?.id ?? null;
    await services.guildConfigs.update(interaction.guildId, { seasonChannelId: channelId });
    await respond({ content: channelId ? t.t('seasons.channel.set', { channel: `<#${channelId}>` }) : t.t('seasons.channel.cleared') });
  },
});

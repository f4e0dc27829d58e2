/**
 * `/server statusboard channel: [server] [remove]`: keeps a status board of one server (or of all of
 * the guild's servers) in a channel: one message the bot edits in place when it changed, at most once a
 * minute (src/boards/statusService.ts). Another for the same scope moves it; `remove:true` removes it
 * and deletes its message. Refused, naming what, in a channel where the bot cannot post it.
 */
import { ApplicationCommandOptionType as T, ChannelType, PermissionFlagsBits } from 'discord.js';
import { messageLink } from '../../boards/notices.js';
import { shownName } from '../../discord/limits.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import type { ChannelOption } from '../../framework/options.js';
import type { CommandContext } from '../../framework/types.js';
import { msg } from '../../i18n/message.js';
import type { Msg } from '../../i18n/types.js';
import { botMember } from '../../servers/channels.js';
import { andList } from '../../servers/text.js';

const TEXT = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

const NEEDS: Array<[bigint, Msg]> = [
  [PermissionFlagsBits.ViewChannel, msg('server.permission.viewChannel')],
  [PermissionFlagsBits.SendMessages, msg('server.permission.sendMessages')],
  [PermissionFlagsBits.EmbedLinks, msg('server.permission.embedLinks')],
];

/** As /board post: a channel of the wrong kind, or one where the bot lacks what the board needs, is refused. */
async function checkChannel(ctx: CommandContext, channel: ChannelOption): Promise<void> {
  if (!(TEXT as readonly ChannelType[]).includes(channel.type)) throw new UserError(msg('boards.post.needsText'), 'validation');
  const guild = ctx.services.client.guilds.cache.get(ctx.interaction.guildId);
  const cached = guild?.channels.cache.get(channel.id);
  const me = await botMember(guild);
  const perms = cached && me ? cached.permissionsFor(me) : null;
  const missing = NEEDS.filter(([bit]) => !perms?.has(bit)).map(([, name]) => name);
  if (missing.length) throw new UserError(msg('boards.post.missing', { permissions: andList(missing), channel: `<#${channel.id}>` }), 'validation');
}

export const statusboard = defineSubcommand({
  definition: {
    type: T.Subcommand,
    name: 'statusboard',
    description: 'cmd.server.statusboard',
    options: [
      { type: T.Channel, name: 'channel', description: 'cmd.server.statusboard.channel', required: true, channel_types: TEXT },
      { type: T.String, name: 'server', description: 'cmd.server.statusboard.server', autocomplete: true },
      { type: T.Boolean, name: 'remove', description: 'cmd.server.statusboard.remove' },
    ],
  },
  async run(ctx, options) {
    const { interaction, services, respond, t } = ctx;
    const guildId = interaction.guildId;
    const server = options.server ? await services.gameServers.resolve(guildId, options.server) : null;
    const scope = server ? shownName(server.name) : t.t('stats.board.allServers');
    const serverId = server?._id ?? null;
    if (options.remove) {
      const removed = await services.statusBoards.remove(guildId, serverId);
      if (!removed) throw new UserError(msg('pulse.status.none', { scope }), 'not_found');
      await services.audit.recordBy(interaction, 'boards', 'statusboard.remove', `<#${removed.channelId}>`, { server: server?.name ?? null });
      await respond(t.t('pulse.status.removed', { scope, channel: `<#${removed.channelId}>` }));
      return;
    }
    await checkChannel(ctx, options.channel);
    const posted = await services.statusBoards.post({ guildId, channelId: options.channel.id, serverId, createdBy: interaction.user.id });
    await services.audit.recordBy(interaction, 'boards', 'statusboard.post', `<#${options.channel.id}>`, { server: server?.name ?? null });
    await respond(t.t('pulse.status.posted', { scope, channel: `<#${options.channel.id}>`, link: messageLink(guildId, options.channel.id, posted.messageId) }));
  },
});

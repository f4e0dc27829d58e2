/**
 * `/board post channel: stat: window: [server] [image]`: posts a board in a channel, which the bot then
 * edits in place when it changed (at most once per the tier's interval). Refused, with what to do, in a
 * channel where the bot lacks what the post needs, and beyond the tier's board count.
 */
import { ApplicationCommandOptionType as T, ChannelType, PermissionFlagsBits } from 'discord.js';
import { BoardLimitReached } from '../../boards/store.js';
import { messageLink } from '../../boards/notices.js';
import { shownName } from '../../discord/limits.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import { choiceName } from '../../i18n/commandText.js';
import { msg, plain } from '../../i18n/message.js';
import type { Msg } from '../../i18n/types.js';
import { tierName } from '../../premium/tiers.js';
import { botMember } from '../../servers/channels.js';
import { andList } from '../../servers/text.js';
import { BOARD_NAMES, boardLabel, type BoardName } from '../../stats/leaderboards.js';
import { SERVER_OPTION, WINDOW_OPTION, windowOption } from '../../stats/options.js';
import type { ChannelOption } from '../../framework/options.js';
import type { CommandContext } from '../../framework/types.js';

const TEXT = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

/** What a board needs from the bot in its channel (Attach Files: a picture). */
function needs(image: boolean): Array<[bigint, Msg]> {
  const base: Array<[bigint, Msg]> = [
    [PermissionFlagsBits.ViewChannel, msg('server.permission.viewChannel')],
    [PermissionFlagsBits.SendMessages, msg('server.permission.sendMessages')],
    [PermissionFlagsBits.EmbedLinks, msg('server.permission.embedLinks')],
  ];
  return image ? [...base, [PermissionFlagsBits.AttachFiles, msg('boards.permission.attachFiles')]] : base;
}

/** Refuses a channel of the wrong kind, or one where the bot lacks what the board needs, naming what. */
async function checkChannel(ctx: CommandContext, channel: ChannelOption, image: boolean): Promise<void> {
  if (!(TEXT as readonly ChannelType[]).includes(channel.type)) throw new UserError(msg('boards.post.needsText'), 'validation');
  const guild = ctx.services.client.guilds.cache.get(ctx.interaction.guildId);
  const cached = guild?.channels.cache.get(channel.id);
  const me = await botMember(guild);
  const perms = cached && me ? cached.permissionsFor(me) : null;
  const missing = needs(image).filter(([bit]) => !perms?.has(bit)).map(([, name]) => name);
  if (missing.length) throw new UserError(msg('boards.post.missing', { permissions: andList(missing), channel: `<#${channel.id}>` }), 'validation');
}

export const post = defineSubcommand({
  definition: {
    type: T.Subcommand,
    name: 'post',
    description: 'cmd.board.post',
    options: [
      { type: T.Channel, name: 'channel', description: 'cmd.board.post.channel', required: true, channel_types: TEXT },
      {
        type: T.String,
        name: 'stat',
        description: 'cmd.leaderboard.stat',
        required: true,
        choices: BOARD_NAMES.map((b) => ({ ...choiceName(plain(boardLabel(b))), value: b })),
      },
      { ...WINDOW_OPTION, required: true },
      SERVER_OPTION,
      { type: T.Boolean, name: 'image', description: 'boards.option.image' },
    ],
  },
  async run(ctx, options) {
    const { interaction, services, respond, t } = ctx;
    const guildId = interaction.guildId;
    const board = options.stat as BoardName;
    const window = windowOption(options.window);
    const image = options.image ?? false;
    await checkChannel(ctx, options.channel, image);
    const server = options.server ? await services.gameServers.resolve(guildId, options.server) : null;
    const request = { guildId, channelId: options.channel.id, board, window, serverId: server?._id ?? null, image, createdBy: interaction.user.id };
    try {
      const posted = await services.boards.post(request);
      await services.audit.recordBy(interaction, 'boards', 'board.post', `<#${request.channelId}>`, { board, window, server: server?.name ?? null, image });
      const name = t.t(boardLabel(board));
      const link = messageLink(guildId, request.channelId, posted.messageId);
      const scope = server ? shownName(server.name) : t.t('stats.board.allServers');
      await respond(t.t('boards.post.done', { board: name, scope, channel: `<#${request.channelId}>`, link, minutes: posted.intervalMinutes }));
    } catch (err) {
      if (!(err instanceof BoardLimitReached)) throw err;
      const tier = await services.guildConfigs.tier(guildId);
      throw new UserError(msg('boards.post.limit', { count: err.limit, tier: tierName(tier) }), 'premium');
    }
  },
});

/**
 * What the admins are told about a status board: it was deleted and posted again, or it stopped (the
 * channel refuses the bot or is gone, or it was deleted again). Posted where the posted boards' notices go
 * (./notices.ts), once per event.
 */
import { EmbedBuilder, type APIEmbed } from 'discord.js';
import type { StatusBoard, StatusPauseReason } from '../db/statusBoardSchemas.js';
import type { Translator } from '../i18n/translate.js';
import { messageLink, type DiscordBoardNotices } from './notices.js';

export interface StatusNotices {
  reposted(board: StatusBoard, messageId: string, t: Translator): Promise<void>;
  paused(board: StatusBoard, reason: StatusPauseReason, t: Translator): Promise<void>;
}

export function statusRepostedEmbed(board: StatusBoard, messageId: string, t: Translator): APIEmbed {
  const description = t.t('pulse.status.reposted', { channel: `<#${board.channelId}>`, link: messageLink(board.guildId, board.channelId, messageId), admin: `<@${board.createdBy}>` });
  return new EmbedBuilder().setColor(0xfee75c).setTitle(t.t('pulse.status.reposted.title')).setDescription(description).setTimestamp(new Date()).toJSON();
}

export function statusPausedEmbed(board: StatusBoard, reason: StatusPauseReason, t: Translator): APIEmbed {
  const params = { channel: `<#${board.channelId}>`, admin: `<@${board.createdBy}>` };
  const description =
    reason === 'permissions' ? t.t('pulse.status.paused.permissions', params) : reason === 'channel' ? t.t('pulse.status.paused.channel', params) : t.t('pulse.status.paused.deleted', params);
  return new EmbedBuilder().setColor(0xed4245).setTitle(t.t('pulse.status.paused.title')).setDescription(description).setTimestamp(new Date()).toJSON();
}

export function discordStatusNotices(notices: Pick<DiscordBoardNotices, 'post'>): StatusNotices {
  return {
    reposted: (board, messageId, t) => notices.post(board, statusRepostedEmbed(board, messageId, t), true),
    // A channel that refuses the bot, or is gone, cannot carry the notice about itself.
    paused: (board, reason, t) => notices.post(board, statusPausedEmbed(board, reason, t), reason === 'deleted'),
  };
}

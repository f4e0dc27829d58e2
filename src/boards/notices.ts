/**
 * What the guild's admins are told about a posted board without asking: it was deleted and posted
 * again, or it stopped (the channel refuses the bot or is gone, it was deleted again, the tier's count).
 * Posted where the bot's other admin alerts go (a game server's events channel, else the system channel:
 * `adminChannel`), else, when the board's own channel still takes posts, there. Told once per event: the
 * updater notifies when a board's state changes, not on every retry.
 */
import { EmbedBuilder, Routes, type APIEmbed } from 'discord.js';
import type { BoardPauseReason, PostedBoard } from '../db/boardSchemas.js';
import { NO_MENTIONS } from '../discord/limits.js';
import type { Translator } from '../i18n/translate.js';
import type { Logger } from '../logger.js';
import { tierName, TIERS, type TierName } from '../premium/tiers.js';
import { boardLabel } from '../stats/leaderboards.js';
import { WINDOW_LABELS } from '../stats/options.js';
import { storedBoardName, storedWindow } from './content.js';
import type { BoardRest } from './publish.js';

export interface BoardNotices {
  reposted(board: PostedBoard, messageId: string, t: Translator): Promise<void>;
  paused(board: PostedBoard, reason: BoardPauseReason, t: Translator, tier: TierName): Promise<void>;
}

/** `Kills · This week` (member boards have no window). */
export function boardName(board: PostedBoard, t: Translator): string {
  const name = storedBoardName(board);
  const label = t.t(boardLabel(name));
  return name === 'credits' || name === 'pixels' ? label : `${label} · ${t.t(WINDOW_LABELS[storedWindow(board).name])}`;
}

export const messageLink = (guildId: string, channelId: string, messageId: string) => `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;

export function repostedEmbed(board: PostedBoard, messageId: string, t: Translator): APIEmbed {
  const params = { board: boardName(board, t), channel: `<#${board.channelId}>`, link: messageLink(board.guildId, board.channelId, messageId), admin: `<@${board.createdBy}>` };
  return new EmbedBuilder().setColor(0xfee75c).setTitle(t.t('boards.notice.reposted.title')).setDescription(t.t('boards.notice.reposted', params)).setTimestamp(new Date()).toJSON();
}

const PAUSED_KEYS = {
  permissions: 'boards.notice.paused.permissions',
  channel: 'boards.notice.paused.channel',
  deleted: 'boards.notice.paused.deleted',
} as const satisfies Record<Exclude<BoardPauseReason, 'tier'>, string>;

export function pausedEmbed(board: PostedBoard, reason: BoardPauseReason, t: Translator, tier: TierName): APIEmbed {
  const common = { board: boardName(board, t), channel: `<#${board.channelId}>`, admin: `<@${board.createdBy}>` };
  const description =
    reason === 'tier'
      ? t.t('boards.notice.paused.tier', { ...common, tier: tierName(tier), count: TIERS[tier].boards })
      : t.t(PAUSED_KEYS[reason], common);
  return new EmbedBuilder().setColor(0xed4245).setTitle(t.t('boards.notice.paused.title')).setDescription(description).setTimestamp(new Date()).toJSON();
}

export class DiscordBoardNotices implements BoardNotices {
  constructor(
    private readonly rest: BoardRest,
    /** Where the bot's admin alerts go in a guild (null: nowhere it can post). */
    private readonly adminChannel: (guildId: string) => Promise<string | null>,
    private readonly logger: Logger,
  ) {}

  reposted(board: PostedBoard, messageId: string, t: Translator): Promise<void> {
    return this.post(board, repostedEmbed(board, messageId, t), true);
  }

  paused(board: PostedBoard, reason: BoardPauseReason, t: Translator, tier: TierName): Promise<void> {
    // A channel that refuses the bot, or is gone, cannot carry the notice about itself.
    return this.post(board, pausedEmbed(board, reason, t, tier), reason === 'deleted' || reason === 'tier');
  }

  /** Tells the admins `embed` about a board (posted or status: ./statusNotices.ts); never throws. */
  async post(board: Pick<PostedBoard, 'guildId' | '_id' | 'channelId'>, embed: APIEmbed, boardChannelWorks: boolean): Promise<void> {
    const log = { guildId: board.guildId, board: board._id };
    const admin = await this.adminChannel(board.guildId).catch(() => null);
    const channelId = admin ?? (boardChannelWorks ? board.channelId : null);
    if (!channelId) {
      this.logger.warn(log, 'board notice: no channel to tell the admins in');
      return;
    }
    await this.rest
      .post(Routes.channelMessages(channelId), { body: { embeds: [embed], allowed_mentions: NO_MENTIONS } })
      .catch((err: Error) => this.logger.warn({ ...log, err: err.message }, 'board notice could not be posted'));
  }
}

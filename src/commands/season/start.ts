/**
 * `/season start [name]`: asks first (an ended season cannot be reopened), then ends the current season,
 * archives its final boards, begins the next and, when the guild set a season channel, posts the ended
 * season's boards there. The confirm button carries the number it starts and the name, so a second
 * click, or a click after someone else started a season, starts nothing.
 */
import { ApplicationCommandOptionType, type SendableChannels } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../../errors.js';
import { CUSTOM_ID_MAX, encodeCustomId } from '../../framework/customId.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton } from '../../framework/guild.js';
import { defineRoute } from '../../framework/routes.js';
import type { ComponentRoute, HandlerContext } from '../../framework/types.js';
import { msg } from '../../i18n/message.js';
import type { Translator } from '../../i18n/translate.js';
import type { AppServices } from '../../services/container.js';
import type { SeasonStart } from '../../stats/seasons.js';
import { SEASON_ARCHIVE_ROWS, SEASON_NAME_MAX } from '../../stats/seasons.js';
import type { RankedPlayer } from '../../ingest/rank.js';
import { archiveSource, boardView } from '../../stats/boardContent.js';
import { boardMessageParts } from '../../stats/boardMessage.js';
import { seasonArchiveEmbed, seasonTitle } from '../../stats/seasonViews.js';
import { closePrompt, confirmRow } from '../server/shared.js';

export const start = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'start',
    description: 'cmd.season.start',
    options: [{ type: ApplicationCommandOptionType.String, name: 'name', description: 'cmd.season.start.name', max_length: SEASON_NAME_MAX }],
  },
  async run(ctx, options) {
    await startPrompt(ctx, (options.name ?? '').trim());
  },
});

/** The confirm prompt of a season start (also what the wipe notice's button opens). */
async function startPrompt({ interaction, services, respond, t }: Pick<HandlerContext, 'services' | 'respond' | 't'> & { interaction: { guildId: string } }, name: string): Promise<void> {
  const cur = await services.seasons.current(interaction.guildId);
  const number = (cur?.number ?? 0) + 1;
  const go = encodeCustomId('season', 'go', number, name);
  if (go.length > CUSTOM_ID_MAX) throw new UserError(msg('seasons.start.nameTooLong'), 'validation');
  const ending = cur ? seasonTitle(cur, t) : t.t('seasons.name.before');
  const next = seasonTitle({ number, name: name || null }, t);
  await respond({
    content: t.t('seasons.start.confirm', { ending, next }),
    components: [confirmRow(go, t.t('seasons.button.start'), encodeCustomId('season', 'no', number), t.t('seasons.button.cancel'), true)],
  });
}

/** `season:ask:serverId` (the button of a new world's notice): the start prompt, for the admin who clicked. */
export const askButton: ComponentRoute<GuildButton> = {
  async run(ctx) {
    await startPrompt(ctx, '');
  },
};

/** Posts the ended season's boards in the guild's season channel; false when the channel is gone or refused. */
async function postArchive(services: AppServices, guildId: string, done: SeasonStart): Promise<'none' | 'posted' | 'failed'> {
  const channelId = (await services.guildConfigs.get(guildId)).seasonChannelId ?? null;
  if (!channelId) return 'none';
  const t = await services.guildConfigs.texts(guildId);
  try {
    const channel = (await services.client.channels.fetch(channelId)) as SendableChannels | null;
    if (!channel || !('send' in channel)) return 'failed';
    const picture = await killsPicture(services, guildId, done, t);
    const embed = seasonArchiveEmbed(done.ended, done.started, t);
    if (picture) embed.setImage(`attachment://${picture.name}`);
    await channel.send({ embeds: [embed], files: picture ? [{ attachment: picture.data, name: picture.name, description: picture.description }] : [], allowedMentions: { parse: [] } });
    return 'posted';
  } catch (err) {
    services.logger.warn({ guildId, channelId, err: (err as Error).message }, 'season archive post failed');
    return 'failed';
  }
}

/** The ended season's final kills board (guild-wide top 10) as a picture; null when nobody ranked. */
async function killsPicture(services: AppServices, guildId: string, done: SeasonStart, t: Translator) {
  const rows = (done.ended.archive?.find((a) => a.serverId === '*')?.boards.kills?.rows ?? []) as RankedPlayer[];
  if (!rows.length) return null;
  const view = await boardView({ t, board: 'kills', window: { name: 'season' }, serverName: null, source: archiveSource(rows, 'kills', t), page: 1, pageSize: SEASON_ARCHIVE_ROWS, noPage: true, windowLabel: seasonTitle(done.ended, t) });
  return (await boardMessageParts(view, t, { guildId, image: true, images: services.boards.images })).file;
}

function resultText(done: SeasonStart, posted: 'none' | 'posted' | 'failed', channelId: string | null, t: Translator): string {
  const lines = [t.t('seasons.start.done', { ended: seasonTitle(done.ended, t), started: seasonTitle(done.started, t) })];
  if (posted === 'posted') lines.push(t.t('seasons.start.posted', { channel: `<#${channelId}>` }));
  if (posted === 'failed') lines.push(t.t('seasons.start.postFailed', { channel: `<#${channelId}>` }));
  return lines.join('\n');
}

/** `season:go:number:name`. */
export const goButton: ComponentRoute<GuildButton> = defineRoute({
  args: z.tuple([z.coerce.number().int().min(1), z.string().max(SEASON_NAME_MAX * 3)]),
  policy: { rateLimit: { uses: 3, windowMs: 10_000 } },
  async run(ctx, [number, name]) {
    const { interaction, services, t } = ctx;
    await ctx.defer();
    const guildId = interaction.guildId;
    const cur = await services.seasons.current(guildId);
    if ((cur?.number ?? 0) + 1 !== number) throw new UserError(msg('seasons.start.stale'), 'conflict');
    const done = await services.seasons.start(guildId, name || null, interaction.user.id);
    await services.audit.recordBy(interaction, 'seasons', 'season.start', done.started.name ?? null, { ended: done.ended.number, started: done.started.number });
    const posted = await postArchive(services, guildId, done);
    await closePrompt(ctx, resultText(done, posted, (await services.guildConfigs.get(guildId)).seasonChannelId ?? null, t));
  },
});

/** `season:no:number`: the number only keeps the two buttons apart. */
export const cancelButton: ComponentRoute<GuildButton> = {
  async run(ctx) {
    await closePrompt(ctx, ctx.t.t('seasons.start.cancelled'));
  },
};

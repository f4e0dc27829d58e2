/**
 * `/links review`: the guild's pending claims, oldest first, CLAIMS_PAGE_SIZE a page, each with Approve
 * and Reject buttons. Custom ids carry the claim id and the page (`links:ok|no:claimId:page`,
 * `links:page:page`): a click after a restart works, and a claim another admin handled says so.
 */
import { ActionRowBuilder, ApplicationCommandOptionType, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import { z } from 'zod';
import { clip, LIMITS, shownName } from '../../discord/limits.js';
import { UserError } from '../../errors.js';
import { encodeCustomId } from '../../framework/customId.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton } from '../../framework/guild.js';
import { defineRoute, routeArgs } from '../../framework/routes.js';
import type { ComponentRoute, HandlerContext } from '../../framework/types.js';
import type { Translator } from '../../i18n/translate.js';
import type { AppServices } from '../../services/container.js';
import { CLAIMS_PAGE_SIZE } from '../../stats/linkClaims.js';
import { auditLink, linkLimit, unix } from './shared.js';

const button = (id: string, label: string, style: ButtonStyle, disabled = false) =>
  new ButtonBuilder().setCustomId(id).setLabel(clip(label, LIMITS.buttonLabel)).setStyle(style).setDisabled(disabled);

/** The review message of `page` (1-based; clamped to the pages there are), with a note above it. */
async function reviewMessage(services: AppServices, guildId: string, page: number, t: Translator, note = '') {
  const { claims, total, current } = await services.links.claims.page(guildId, page - 1);
  const owners = new Map((await services.links.byPlayers(guildId, claims.map((c) => c.playerId))).map((l) => [l.playerId, l.userId]));
  const embed = new EmbedBuilder().setTitle(t.t('links.review.title')).setColor(0x5865f2);
  if (!claims.length) return { content: note, embeds: [embed.setDescription(t.t('links.review.empty'))], components: [] };
  const lines = claims.map((c) => {
    const params = { userId: c.userId, name: shownName(c.playerName), when: `<t:${unix(c.claimedAt)}:R>` };
    const owner = owners.get(c.playerId);
    return owner && owner !== c.userId ? t.t('links.review.held', { ...params, ownerId: owner }) : t.t('links.review.line', params);
  });
  const pages = Math.max(1, Math.ceil(total / CLAIMS_PAGE_SIZE));
  embed.setDescription(lines.map((l, i) => `${i + 1}. ${l}`).join('\n')).setFooter({ text: t.t('links.review.page', { page: current + 1, pages, count: total }) });
  const shown = current + 1;
  const rows = claims.map((c, i) =>
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      button(encodeCustomId('links', 'ok', c._id, shown), `${i + 1}. ${t.t('links.review.approve', { name: c.playerName })}`, ButtonStyle.Success),
      button(encodeCustomId('links', 'no', c._id, shown), `${i + 1}. ${t.t('links.review.reject', { name: c.playerName })}`, ButtonStyle.Danger),
    ),
  );
  rows.push(
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      button(encodeCustomId('links', 'page', Math.max(1, shown - 1)), t.t('links.review.previous'), ButtonStyle.Secondary, shown <= 1),
      button(encodeCustomId('links', 'page', shown + 1), t.t('links.review.next'), ButtonStyle.Secondary, shown >= pages),
    ),
  );
  return { content: note, embeds: [embed], components: rows };
}

export const review = defineSubcommand({
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'review', description: 'cmd.links.review' },
  async run(ctx) {
    await ctx.respond(await reviewMessage(ctx.services, ctx.interaction.guildId, 1, ctx.t));
  },
});

const claimArgs = z.tuple([routeArgs.id, routeArgs.page]);

/** Runs an approve or reject, then shows the same page again with what happened (or why not) above it. */
async function decide(ctx: HandlerContext<GuildButton>, page: number, act: () => Promise<string>): Promise<void> {
  let note: string;
  try {
    note = await act();
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    note = ctx.t.text(err.text);
  }
  await ctx.update(await reviewMessage(ctx.services, ctx.interaction.guildId, page, ctx.t, note));
}

/** `links:ok:claimId:page`. */
export const approveButton: ComponentRoute<GuildButton> = defineRoute({
  args: claimArgs,
  async run(ctx, [claimId, page]) {
    const { interaction, services, t } = ctx;
    const guildId = interaction.guildId;
    await decide(ctx, page, async () => {
      const { claim, previous } = await services.links.approve(guildId, claimId, await linkLimit(services, guildId));
      await auditLink(services, guildId, interaction.user.id, 'link.approve', { id: claim.playerId, name: claim.playerName }, { member: claim.userId, from: previous ?? undefined });
      return t.t('links.review.approved', { name: shownName(claim.playerName), userId: claim.userId });
    });
  },
});

/** `links:no:claimId:page`. */
export const rejectButton: ComponentRoute<GuildButton> = defineRoute({
  args: claimArgs,
  async run(ctx, [claimId, page]) {
    const { interaction, services, t } = ctx;
    const guildId = interaction.guildId;
    await decide(ctx, page, async () => {
      const claim = await services.links.reject(guildId, claimId);
      await auditLink(services, guildId, interaction.user.id, 'link.reject', { id: claim.playerId, name: claim.playerName }, { member: claim.userId });
      return t.t('links.review.rejected', { name: shownName(claim.playerName), userId: claim.userId });
    });
  },
});

/** `links:page:page`. */
export const pageButton: ComponentRoute<GuildButton> = defineRoute({
  args: z.tuple([routeArgs.page]),
  async run(ctx, [page]) {
    await ctx.update(await reviewMessage(ctx.services, ctx.interaction.guildId, page, ctx.t));
  },
});

/**
 * `/faction invite member:`: a public message with Join / Decline buttons for the invited member. The
 * buttons carry the faction, the member and when it was sent (restart-proof); only that member can click,
 * an invitation lasts INVITE_HOURS, and joining checks the one-faction rule and the limit again.
 */
import { ActionRowBuilder, ApplicationCommandOptionType, ButtonBuilder, ButtonStyle } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../../errors.js';
import { encodeCustomId } from '../../framework/customId.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton } from '../../framework/guild.js';
import { defineRoute, routeArgs } from '../../framework/routes.js';
import type { ComponentRoute, HandlerContext } from '../../framework/types.js';
import { msg } from '../../i18n/message.js';
import { memberLimit, memberOption, named } from './shared.js';

export const INVITE_HOURS = 24;

export const invite = defineSubcommand({
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'invite', description: 'cmd.faction.invite', options: [memberOption('cmd.faction.invite.member')] },
  // The invited member must see it: a public message.
  ephemeral: false,
  rateLimit: { uses: 5, windowMs: 60_000 },
  async run({ interaction, services, respond, guildT }, { member }) {
    const guildId = interaction.guildId;
    const f = await services.factions.checkInvite(guildId, interaction.user.id, member.id, await memberLimit(services, guildId));
    const t = await guildT();
    const sent = Math.floor(Date.now() / 1000);
    await respond({
      content: t.t('faction.invite.prompt', { userId: member.id, inviterId: interaction.user.id, ...named(f) }),
      allowedMentions: { users: [member.id] },
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId(encodeCustomId('faction', 'join', f._id, member.id, sent)).setLabel(t.t('faction.button.accept')).setStyle(ButtonStyle.Success),
          new ButtonBuilder().setCustomId(encodeCustomId('faction', 'no', f._id, member.id, sent)).setLabel(t.t('faction.button.decline')).setStyle(ButtonStyle.Secondary),
        ),
      ],
    });
  },
});

const inviteArgs = z.tuple([routeArgs.id, z.string().regex(/^\d{1,20}$/), z.coerce.number().int().min(0)]);

/** The clicker must be the invited member, within the invitation's lifetime. */
function checkClicker(ctx: HandlerContext<GuildButton>, userId: string, sent: number): void {
  if (ctx.interaction.user.id !== userId) throw new UserError(msg('faction.invite.notYou'), 'permission');
  if (Date.now() / 1000 - sent > INVITE_HOURS * 3600) throw new UserError(msg('faction.invite.expired'), 'conflict');
}

/** `faction:join:factionId:userId:sentSeconds`. */
export const joinButton: ComponentRoute<GuildButton> = defineRoute({
  args: inviteArgs,
  policy: { rateLimit: { uses: 5, windowMs: 10_000 }, ephemeral: true },
  async run(ctx, [factionId, userId, sent]) {
    checkClicker(ctx, userId, sent);
    const guildId = ctx.interaction.guildId;
    const f = await ctx.services.factions.accept(guildId, factionId, userId, await memberLimit(ctx.services, guildId));
    const t = await ctx.guildT();
    await ctx.update({ content: t.t('faction.invite.accepted', { userId, ...named(f) }), components: [], allowedMentions: { parse: [] } });
  },
});

/** `faction:no:factionId:userId:sentSeconds`. */
export const declineButton: ComponentRoute<GuildButton> = defineRoute({
  args: inviteArgs,
  policy: { rateLimit: { uses: 5, windowMs: 10_000 }, ephemeral: true },
  async run(ctx, [factionId, userId, sent]) {
    checkClicker(ctx, userId, sent);
    const f = await ctx.services.factions.store.get(ctx.interaction.guildId, factionId);
    const t = await ctx.guildT();
    await ctx.update({ content: t.t('faction.invite.declined', { userId, name: f ? named(f).name : '—' }), components: [], allowedMentions: { parse: [] } });
  },
});

/**
 * `/eco reset member: [reason]`: asks first, then takes the member's whole balance (one `eco` ledger
 * entry, audited). The confirm button carries the member, a nonce (the slash command's interaction id)
 * and the reason, so it keeps working after a restart; its ledger key is `eco:<nonce>`, so a double
 * click, or a click on the prompt again later, resets once: the second finds the entry and moves nothing.
 */
import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { entryId } from '../../economy/ledger.js';
import { UserError } from '../../errors.js';
import { CUSTOM_ID_MAX, encodeCustomId } from '../../framework/customId.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton } from '../../framework/guild.js';
import { defineRoute } from '../../framework/routes.js';
import type { ComponentRoute } from '../../framework/types.js';
import { msg } from '../../i18n/message.js';
import { closePrompt, confirmRow } from '../server/shared.js';
import { auditEco, checkTarget, ecoKey, memberOption, reasonText } from './shared.js';

/** The reason rides in the confirm button's custom id (at most 100 characters in all). */
const RESET_REASON_MAX = 40;
const snowflake = z.string().regex(/^\d{15,21}$/);

export const reset = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'reset',
    description: 'cmd.eco.reset',
    options: [memberOption, { type: ApplicationCommandOptionType.String, name: 'reason', description: 'cmd.eco.reset.reason', max_length: RESET_REASON_MAX }],
  },
  async run({ interaction, services, respond, t }, { member, reason }) {
    checkTarget(member);
    const go = encodeCustomId('eco', 'reset', member.id, interaction.id, reasonText(reason) ?? '');
    if (go.length > CUSTOM_ID_MAX) throw new UserError(msg('eco.reset.reasonTooLong', { max: RESET_REASON_MAX }), 'validation');
    const balance = await services.economy.balance(interaction.guildId, member.id);
    await respond({
      content: t.t('eco.reset.confirm', { member: `<@${member.id}>`, count: balance }),
      components: [confirmRow(go, t.t('eco.reset.button'), encodeCustomId('eco', 'keep', member.id), t.t('eco.reset.cancel'), true)],
    });
  },
});

/** `eco:reset:memberId:nonce:reason`. */
export const resetButton: ComponentRoute<GuildButton> = defineRoute({
  args: z.tuple([snowflake, snowflake, z.string().max(RESET_REASON_MAX * 3)]),
  policy: { rateLimit: { uses: 5, windowMs: 10_000 } },
  async run(ctx, [memberId, nonce, reason]) {
    const { interaction, services, t } = ctx;
    const guildId = interaction.guildId;
    const key = ecoKey(nonce);
    const member = `<@${memberId}>`;
    const balance = await services.economy.balance(guildId, memberId);
    if (balance <= 0) {
      // Nothing left: reset by this prompt already (a double click), or nothing to take.
      const done = await services.cols.creditLedger.findOne({ _id: entryId(guildId, key) });
      const taken = done?.state === 'applied' ? -(done.legs[0]?.amount ?? 0) : null;
      await closePrompt(ctx, taken !== null ? t.t('eco.reset.already', { member, count: taken }) : t.t('eco.reset.empty', { member }));
      return;
    }
    const r = await services.economy.spend(guildId, memberId, balance, 'eco', key, interaction.user.id);
    if (r.outcome === 'pending') throw new UserError(msg('eco.pending'), 'conflict');
    // The balance moved between the read and the charge (a purchase): this prompt is spent, ask again.
    if (r.outcome === 'refused') throw new UserError(msg('eco.reset.moved'), 'conflict');
    if (!r.fresh) {
      // This prompt reset the member before: what they earned since stays theirs.
      await closePrompt(ctx, t.t('eco.reset.already', { member, count: -(r.entry.legs[0]?.amount ?? 0) }));
      return;
    }
    await auditEco(services, interaction, 'eco.reset', memberId, { amount: balance, reason: reason || null, balance: await services.economy.balance(guildId, memberId) });
    await closePrompt(ctx, t.t('eco.reset.done', { member, count: balance }));
  },
});

/** `eco:keep:memberId`: the prompt closes, nothing moves. */
export const keepButton: ComponentRoute<GuildButton> = {
  async run(ctx) {
    await closePrompt(ctx, ctx.t.t('eco.reset.kept'));
  },
};

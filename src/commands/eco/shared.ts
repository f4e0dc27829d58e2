/**
 * What the /eco subcommand files share: the member, amount and reason options, the ledger key of an
 * admin's change (`eco:<interaction id>`: a redelivered interaction enters nothing twice) and its audit entry.
 */
import { ApplicationCommandOptionType, type User } from 'discord.js';
import { CREDITS } from '../../economy/amounts.js';
import { UserError } from '../../errors.js';
import { msg } from '../../i18n/message.js';
import type { AppServices } from '../../services/container.js';

/** The longest reason an admin may give (it is shown in /audit). */
export const ECO_REASON_MAX = 200;

export const memberOption = { type: ApplicationCommandOptionType.User, name: 'member', description: 'cmd.eco.member', required: true } as const;
export const amountOption = {
  type: ApplicationCommandOptionType.Integer,
  name: 'amount',
  description: 'cmd.eco.amount',
  required: true,
  min_value: 1,
  max_value: CREDITS.maxGive,
} as const;
export const reasonOption = { type: ApplicationCommandOptionType.String, name: 'reason', description: 'cmd.eco.reason', required: true, max_length: ECO_REASON_MAX } as const;

/** The ledger key of an admin's change: its interaction (the slash command's, or the reset prompt's). */
export const ecoKey = (interactionId: string) => `eco:${interactionId}`;

/** Bots hold no credits; an amount is a whole number within the give bound (an old definition may not say so). */
export function checkTarget(member: User, amount?: number): void {
  if (member.bot) throw new UserError(msg('eco.bot'));
  if (amount === undefined) return;
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > CREDITS.maxGive) throw new UserError(msg('eco.amount', { max: CREDITS.maxGive }));
}

/** The reason as stored: trimmed, cut to its bound; null when none was given. */
export const reasonText = (reason: string | null | undefined) => (reason ?? '').trim().slice(0, ECO_REASON_MAX) || null;

export type EcoAction = 'eco.give' | 'eco.take' | 'eco.reset' | 'eco.settings';

/** Records an admin's economy change (the audit log never throws). */
export function auditEco(
  services: AppServices,
  interaction: { guildId: string; user: { id: string } },
  action: EcoAction,
  memberId: string | null,
  changes: Record<string, string | number | boolean | null>,
): Promise<void> {
  return services.audit.recordBy(interaction, 'economy', action, memberId ? `<@${memberId}>` : null, changes);
}

import { EmbedBuilder } from 'discord.js';
import { changeSummary, type PremiumStatus } from './service.js';
import { TIERS, tierUnlocks } from './tiers.js';

const ts = (d: Date, style: 'R' | 'f') => `<t:${Math.floor(d.getTime() / 1000)}:${style}>`;

/** What the grant says about time: until when, since when it lapsed, or nothing on the free tier. */
function expiryLine({ tier, stored, expired }: PremiumStatus): string {
  if (expired && stored.expiresAt) return `**${TIERS[stored.tier].label}** expired ${ts(stored.expiresAt, 'R')}: the ${TIERS[tier].label} limits apply.`;
  if (tier === 'free') return 'This Discord server is on the free tier. The bot’s operators grant premium tiers.';
  if (!stored.expiresAt) return `**${TIERS[tier].label}**, no expiry.`;
  return `**${TIERS[tier].label}** until ${ts(stored.expiresAt, 'f')} (expires ${ts(stored.expiresAt, 'R')}).`;
}

/** `/premium status`; the last grant or revoke is shown when the status carries it (operators only). */
export function statusEmbed(status: PremiumStatus, withLastChange: boolean): EmbedBuilder {
  const embed = new EmbedBuilder()
    .setColor(status.tier === 'free' ? 0x5865f2 : 0xf1c40f)
    .setTitle(`Premium: ${TIERS[status.tier].label}`)
    .setDescription(expiryLine(status))
    .addFields({ name: 'What it unlocks', value: tierUnlocks(status.tier).join('\n') });
  if (withLastChange) embed.addFields({ name: 'Last change', value: status.lastChange ? changeSummary(status.lastChange) : 'none recorded' });
  return embed;
}

import { EmbedBuilder } from 'discord.js';
import type { Translator } from '../i18n/translate.js';
import { changeSummary, type PremiumStatus } from './service.js';
import { tierName, tierUnlocks } from './tiers.js';

const ts = (d: Date, style: 'R' | 'f') => `<t:${Math.floor(d.getTime() / 1000)}:${style}>`;

/** What the grant says about time: until when, since when it lapsed, or nothing on the free tier. */
function expiryLine({ tier, stored, expired }: PremiumStatus, t: Translator): string {
  if (expired && stored.expiresAt) return t.t('economy.premium.lapsed', { was: tierName(stored.tier), when: ts(stored.expiresAt, 'R'), tier: tierName(tier) });
  if (tier === 'free') return t.t('economy.premium.onFree');
  if (!stored.expiresAt) return t.t('economy.premium.noExpiry', { tier: tierName(tier) });
  return t.t('economy.premium.until', { tier: tierName(tier), until: ts(stored.expiresAt, 'f'), when: ts(stored.expiresAt, 'R') });
}

/** `/premium status` in the reader's words; the last grant or revoke is shown when the status carries it (operators only). */
export function statusEmbed(status: PremiumStatus, withLastChange: boolean, t: Translator): EmbedBuilder {
  const embed = new EmbedBuilder()
    .setColor(status.tier === 'free' ? 0x5865f2 : 0xf1c40f)
    .setTitle(t.t('economy.premium.title', { tier: tierName(status.tier) }))
    .setDescription(expiryLine(status, t))
    .addFields({ name: t.t('economy.premium.unlocks'), value: tierUnlocks(status.tier, t).join('\n') });
  if (withLastChange) {
    embed.addFields({ name: t.t('economy.premium.lastChange'), value: status.lastChange ? t.text(changeSummary(status.lastChange)) : t.t('economy.premium.noChange') });
  }
  return embed;
}

/**
 * `/eco settings [one option per setting] [games] [reason]`: with no option, shows the guild's economy
 * settings (each with its default and range); with options, sets those (each within its bound from
 * src/db/economySettingsSchema.ts, the one place they are stated) and shows the result. Only what an admin
 * changed is stored (guild config `economy`); each change is audited.
 */
import { ApplicationCommandOptionType } from 'discord.js';
import { ECO_AMOUNTS, ECO_BOUNDS, ecoOverridesSchema, ecoSettingsOf, mergeOverrides, type EcoAmount, type EcoOverrides } from '../../economy/settings.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import type { PlainKey } from '../../i18n/keys.js';
import { msg } from '../../i18n/message.js';
import type { Translator } from '../../i18n/translate.js';
import { auditEco, ECO_REASON_MAX, reasonText } from './shared.js';

/** Each setting's option (Discord's snake_case name) and its description; the names are stored in no message. */
export const SETTING_OPTIONS: { readonly [K in EcoAmount]: { readonly option: string; readonly description: PlainKey } } = {
  killCredits: { option: 'kill_credits', description: 'cmd.eco.settings.killCredits' },
  pixelCredits: { option: 'pixel_credits', description: 'cmd.eco.settings.pixelCredits' },
  dailyBase: { option: 'daily_base', description: 'cmd.eco.settings.dailyBase' },
  dailyStreakBonus: { option: 'daily_streak_bonus', description: 'cmd.eco.settings.dailyStreakBonus' },
  bountyMin: { option: 'bounty_min', description: 'cmd.eco.settings.bountyMin' },
  bountyMax: { option: 'bounty_max', description: 'cmd.eco.settings.bountyMax' },
  factionCost: { option: 'faction_cost', description: 'cmd.eco.settings.factionCost' },
  autoBountyStreak: { option: 'auto_bounty_streak', description: 'cmd.eco.settings.autoBountyStreak' },
  autoBountyAmount: { option: 'auto_bounty_amount', description: 'cmd.eco.settings.autoBountyAmount' },
  maxBet: { option: 'max_bet', description: 'cmd.eco.settings.maxBet' },
};

const amountOptions = ECO_AMOUNTS.map((k) => ({
  type: ApplicationCommandOptionType.Integer as const,
  name: SETTING_OPTIONS[k].option,
  description: SETTING_OPTIONS[k].description,
  min_value: ECO_BOUNDS[k].min,
  max_value: ECO_BOUNDS[k].max,
}));

export const settings = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'settings',
    description: 'cmd.eco.settings',
    options: [
      ...amountOptions,
      { type: ApplicationCommandOptionType.Boolean, name: 'games', description: 'cmd.eco.settings.games' },
      { type: ApplicationCommandOptionType.String, name: 'reason', description: 'cmd.eco.settings.reason', max_length: ECO_REASON_MAX },
    ],
  },
  async run({ interaction, services, respond, t }) {
    const guildId = interaction.guildId;
    const o = interaction.options;
    const changed: EcoOverrides = {};
    for (const k of ECO_AMOUNTS) {
      const v = o.getInteger(SETTING_OPTIONS[k].option);
      if (v === null) continue;
      // Discord enforces the option's range; a definition registered by an older version may not.
      const b = ECO_BOUNDS[k];
      if (!Number.isSafeInteger(v) || v < b.min || v > b.max) throw new UserError(msg('eco.settings.range', { option: SETTING_OPTIONS[k].option, min: b.min, max: b.max }));
      changed[k] = v;
    }
    const games = o.getBoolean('games');
    if (games !== null) changed.games = games;
    const stored = (await services.guildConfigs.get(guildId)).economy;
    if (!Object.keys(changed).length) {
      await respond(settingsText(stored, t));
      return;
    }
    const { merged, clash } = mergeOverrides(stored, changed);
    if (clash) throw new UserError(msg('eco.settings.bountyOrder', { min: clash.bountyMin, max: clash.bountyMax }));
    // What the guild config's schema reads back; anything else would make the guild's config unreadable.
    const valid = ecoOverridesSchema.parse(merged);
    const saved = (await services.guildConfigs.update(guildId, { economy: valid })).economy;
    await auditEco(services, interaction, 'eco.settings', null, { ...changed, reason: reasonText(o.getString('reason')) });
    await respond([t.t('eco.settings.saved'), settingsText(saved, t)].join('\n'));
  },
});

/** The settings in force, one line each: value, whether the guild changed it, default and range. */
export function settingsText(overrides: EcoOverrides | null | undefined, t: Translator): string {
  const s = ecoSettingsOf(overrides);
  const lines = [t.t('eco.settings.title')];
  for (const k of ECO_AMOUNTS) {
    const b = ECO_BOUNDS[k];
    const line = t.t('eco.settings.line', { name: t.t(`eco.setting.${k}`), option: SETTING_OPTIONS[k].option, value: s[k], default: b.default, min: b.min, max: b.max });
    lines.push(overrides?.[k] !== undefined ? `${line} ${t.t('eco.settings.changed')}` : line);
  }
  lines.push(t.t('eco.settings.games', { state: t.t(s.games ? 'eco.settings.on' : 'eco.settings.off') }));
  lines.push(t.t('eco.settings.help'));
  return lines.join('\n');
}

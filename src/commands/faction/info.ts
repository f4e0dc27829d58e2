/**
 * `/faction info [name]`: a faction's members with their approved players, and the faction's combined
 * kills, deaths and K/D (all time, guild-wide; team kills are never in them) and its top member.
 */
import { ApplicationCommandOptionType } from 'discord.js';
import { clip, LIMITS, shownName } from '../../discord/limits.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import { msg } from '../../i18n/message.js';
import type { Translator } from '../../i18n/translate.js';
import type { FactionTotals } from '../../factions/factionStats.js';
import { kdr } from '../../ingest/statsDocs.js';
import { memberLimit, named } from './shared.js';

/** Member lines shown; the rest are counted. */
const LINES_SHOWN = 25;

export function infoEmbed(x: FactionTotals, max: number, t: Translator) {
  const lines = x.members.slice(0, LINES_SHOWN).map((m) =>
    t.t('faction.info.memberLine', {
      role: t.t(`faction.role.${m.role}` as const),
      userId: m.userId,
      players: m.players.length ? m.players.map((p) => shownName(p.name, 40)).join(', ') : t.t('faction.info.noPlayers'),
      kills: m.kills,
      deaths: m.deaths,
    }),
  );
  if (x.members.length > LINES_SHOWN) lines.push(t.t('faction.info.more', { count: x.members.length - LINES_SHOWN }));
  return {
    title: clip(t.t('faction.info.title', named(x.faction)), LIMITS.title),
    description: clip(`**${t.t('faction.info.members', { count: x.members.length, max })}**\n${lines.join('\n')}`, LIMITS.description),
    fields: [
      { name: t.t('faction.info.kills'), value: t.format.number(x.kills), inline: true },
      { name: t.t('faction.info.deaths'), value: t.format.number(x.deaths), inline: true },
      { name: t.t('faction.info.kd'), value: t.format.number(kdr(x)), inline: true },
      { name: t.t('faction.info.top'), value: x.top ? t.t('faction.info.topLine', { userId: x.top.userId, kills: x.top.kills }) : t.t('faction.info.nobody'), inline: false },
    ],
    footer: { text: t.t('faction.info.footer') },
  };
}

export const info = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'info',
    description: 'cmd.faction.info',
    options: [{ type: ApplicationCommandOptionType.String, name: 'name', description: 'cmd.faction.info.name', autocomplete: true, max_length: 100 }],
  },
  async run({ interaction, services, respond, t }, { name }) {
    const guildId = interaction.guildId;
    const f = name ? await services.factions.store.find(guildId, name) : (await services.factions.standing(guildId, interaction.user.id)).faction;
    if (!f) throw new UserError(msg('faction.unknown', { name: shownName(name ?? '') }), 'not_found');
    const [x] = await services.factionStats.totals(guildId, null, f);
    await respond({ embeds: [infoEmbed(x!, await memberLimit(services, guildId), t)], allowedMentions: { parse: [] } });
  },
});

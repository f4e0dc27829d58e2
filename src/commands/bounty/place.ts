/** `/bounty place player: amount: [hours]`: the placer's credits go into escrow at once (src/bounties/service.ts). */
import { ApplicationCommandOptionType } from 'discord.js';
import { shownName } from '../../discord/limits.js';
import { ECO_BOUNDS } from '../../db/economySettingsSchema.js';
import { BOUNTY_HOURS, ecoSettingsOf } from '../../economy/settings.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import { msg } from '../../i18n/message.js';

export const place = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'place',
    description: 'cmd.bounty.place',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'player', description: 'cmd.bounty.place.player', required: true, autocomplete: true, max_length: 100 },
      { type: ApplicationCommandOptionType.Integer, name: 'amount', description: 'cmd.bounty.place.amount', required: true, min_value: 1, max_value: ECO_BOUNDS.bountyMax.max },
      { type: ApplicationCommandOptionType.Integer, name: 'hours', description: 'cmd.bounty.place.hours', min_value: BOUNTY_HOURS.min, max_value: BOUNTY_HOURS.max },
    ],
  },
  // Each bounty is a document and two ledger entries kept for weeks: placing (and cancelling) in a loop is bounded.
  rateLimit: { uses: 20, windowMs: 3_600_000 },
  async run({ interaction, services, respond, guildT }, { player: typed, amount, hours }) {
    const guildId = interaction.guildId;
    const placerId = interaction.user.id;
    const s = ecoSettingsOf((await services.guildConfigs.get(guildId)).economy);
    // Discord enforces the options' code-wide bounds; the guild's own range is checked here.
    if (!Number.isSafeInteger(amount) || amount < s.bountyMin || amount > s.bountyMax) throw new UserError(msg('bounty.place.range', { min: s.bountyMin, max: s.bountyMax }));
    const duration = hours ?? BOUNTY_HOURS.default;
    if (!Number.isInteger(duration) || duration < BOUNTY_HOURS.min || duration > BOUNTY_HOURS.max) throw new UserError(msg('bounty.place.hours', { min: BOUNTY_HOURS.min, max: BOUNTY_HOURS.max }));
    const player = await services.stats.player(guildId, typed);
    if (!player) throw new UserError(msg('bounty.place.notSeen', { name: shownName(typed) }), 'not_found');
    if ((await services.links.byPlayer(guildId, player.playerId))?.userId === placerId) throw new UserError(msg('bounty.place.own'));
    const { bounty, total } = await services.bounties.place({ id: interaction.id, guildId, placerId, target: { id: player.playerId, name: player.name }, amount, hours: duration });
    const t = await guildT();
    const target = shownName(bounty.targetName);
    const expires = `<t:${Math.floor(bounty.expiresAt.getTime() / 1000)}:R>`;
    // The placer is named, not pinged (the client's default allowed_mentions).
    await respond({ content: t.t('bounty.place.done', { placer: `<@${placerId}>`, amount: bounty.amount, target, expires, id: bounty._id, total }) });
  },
});

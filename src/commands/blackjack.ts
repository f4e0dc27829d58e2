/**
 * `/blackjack amount:`: a hand against the dealer, played with Hit / Stand buttons. The hand lives in
 * MongoDB (src/games/games.ts) and each button carries its id and the version it was shown at, so the
 * buttons keep working after a restart, and of two clicks on one view (a double click) only the first
 * plays: the other shows the hand as it stands. One open hand per member; an idle one stands itself.
 */
import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { ECO_BOUNDS, MIN_BET } from '../economy/settings.js';
import { defineCommand } from '../framework/define.js';
import type { GuildButton } from '../framework/guild.js';
import { defineRoute, routeArgs } from '../framework/routes.js';
import type { ComponentRoute } from '../framework/types.js';
import { blackjackButtons, blackjackEmbed } from './blackjack/views.js';

/** `blackjack:hit|stand:handId:version`. */
const move = (action: 'hit' | 'stand'): ComponentRoute<GuildButton> =>
  defineRoute({
    args: z.tuple([routeArgs.id, z.coerce.number().int().min(0).max(1_000)]),
    async run(ctx, [handId, version]) {
      const { interaction, services } = ctx;
      const { hand } = await services.games.act(interaction.guildId, handId, interaction.user.id, action, version);
      const t = await ctx.guildT();
      const balance = hand.state === 'settled' ? await services.games.balance(hand.guildId, hand.userId) : null;
      await ctx.update({ embeds: [blackjackEmbed(hand, t, balance)], components: blackjackButtons(hand, t) });
    },
  });

export default defineCommand({
  name: 'blackjack',
  description: 'cmd.blackjack',
  rateLimit: { uses: 10, windowMs: 10_000 },
  options: [{ type: ApplicationCommandOptionType.Integer, name: 'amount', description: 'cmd.blackjack.amount', required: true, min_value: MIN_BET, max_value: ECO_BOUNDS.maxBet.max }],
  async run({ interaction, services, respond, guildT }, { amount }) {
    const { hand, alreadyOpen } = await services.games.start({ kind: 'blackjack', guildId: interaction.guildId, userId: interaction.user.id, handId: interaction.id, bet: amount });
    const t = await guildT();
    const balance = hand.state === 'settled' ? await services.games.balance(hand.guildId, hand.userId) : null;
    await respond({ ...(alreadyOpen ? { content: t.t('games.bj.alreadyOpen') } : {}), embeds: [blackjackEmbed(hand, t, balance)], components: blackjackButtons(hand, t) });
  },
  // Custom ids are stored in messages: these action names must not change.
  buttons: { hit: move('hit'), stand: move('stand') },
});

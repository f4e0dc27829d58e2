import { ApplicationCommandOptionType, AttachmentBuilder } from 'discord.js';
import { NO_MENTIONS, shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { defineCommand } from '../framework/define.js';
import type { AppServices } from '../services/container.js';
import { gatherProfile, type ProfileSources } from '../profile/data.js';
import { identityOf } from '../profile/identity.js';
import { PROFILE_IMAGE, profileView } from '../profile/view.js';

function sources(s: AppServices): ProfileSources {
  return {
    balance: (g, u) => s.economy.balance(g, u),
    rank: (g, u) => s.economy.rank(g, u),
    memberStats: (g, u) => s.usage.get(g, u),
    link: (g, u) => s.links.get(g, u),
    player: (g, id) => s.stats.player(g, id),
  };
}

/**
 * `/profile [user]`: a member's card (PNG) with the same figures as embed fields. Public: a profile is
 * for showing. The card is cached by its inputs (src/profile/cards.ts), so a repeat costs the reads only.
 */
export default defineCommand({
  name: 'profile',
  description: 'A member’s card: credits, rank, daily streak, pixels, commands used and linked player',
  options: [{ type: ApplicationCommandOptionType.User, name: 'user', description: 'Whose profile (yours if left out)' }],
  async run({ interaction, services, respond, logger }, { user }) {
    const guildId = interaction.guildId;
    const target = user ?? interaction.user;
    // A user option can name anyone on Discord; only members of this server have a profile here.
    const member = user ? interaction.options.getMember('user') : interaction.member;
    if (!member) throw new UserError(`**${shownName(target.username)}** is not a member of this server, so they have no profile here.`, 'not_found');
    const format = await services.guildConfigs.format(guildId);
    const figures = await gatherProfile(sources(services), guildId, target.id, { timeZone: format.timeZone });
    const view = profileView(identityOf(target, member, guildId), figures, format);
    const card = await services.profiles.card(view.card);
    logger.debug({ cached: card.cached, avatarFailure: card.avatarFailure }, 'profile card');
    await respond({
      embeds: [view.embed],
      files: [new AttachmentBuilder(card.png, { name: PROFILE_IMAGE, description: view.alt })],
      allowedMentions: NO_MENTIONS,
    });
  },
});

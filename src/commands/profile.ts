import { ApplicationCommandOptionType, AttachmentBuilder } from 'discord.js';
import { shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { defineCommand } from '../framework/define.js';
import { msg } from '../i18n/message.js';
import type { AppServices } from '../services/container.js';
import { readDailyEntries } from '../economy/dailyStatus.js';
import { gatherProfile, type ProfileSources } from '../profile/data.js';
import { identityOf } from '../profile/identity.js';
import { PROFILE_IMAGE, profileView } from '../profile/view.js';
import { LINKS_MAX } from '../stats/links.js';

function sources(s: AppServices): ProfileSources {
  return {
    balance: (g, u) => s.economy.balance(g, u),
    rank: (g, u) => s.economy.rank(g, u),
    memberStats: (g, u) => s.usage.get(g, u),
    dailyEntries: (g, u, today) => readDailyEntries(s.cols.creditLedger, g, u, today),
    links: (g, u) => s.links.ofMember(g, u),
    claims: (g, u) => s.links.claims.ofMember(g, u, LINKS_MAX),
    player: (g, id) => s.stats.player(g, id),
  };
}

/**
 * `/profile [user]`: a member's card (PNG) with the same figures as embed fields. Public: a profile is
 * for showing, in the guild's words. The card is cached by its inputs (src/profile/cards.ts), so a repeat costs the reads only.
 */
export default defineCommand({
  name: 'profile',
  description: 'cmd.profile',
  options: [{ type: ApplicationCommandOptionType.User, name: 'user', description: 'cmd.profile.user' }],
  async run({ interaction, services, respond, logger, guildT }, { user }) {
    const guildId = interaction.guildId;
    const target = user ?? interaction.user;
    // A user option can name anyone on Discord; only members of this server have a profile here.
    const member = user ? interaction.options.getMember('user') : interaction.member;
    if (!member) throw new UserError(msg('economy.profile.notMember', { name: shownName(target.username) }), 'not_found');
    // Public: the guild's words, numbers and timezone (which day the streak is on).
    const t = await guildT();
    const figures = await gatherProfile(sources(services), guildId, target.id, { timeZone: t.format.timeZone });
    const view = profileView(identityOf(target, member, guildId), figures, t);
    const card = await services.profiles.card(view.card);
    logger.debug({ cached: card.cached, avatarFailure: card.avatarFailure }, 'profile card');
    await respond({
      embeds: [view.embed],
      files: [new AttachmentBuilder(card.png, { name: PROFILE_IMAGE, description: view.alt })],
    });
  },
});

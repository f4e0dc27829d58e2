/**
 * /link player: in the guild's default `approval` mode files a claim an admin approves (`/links review`),
 * announced in the admin channel when one is set; in `open` mode links at once a player nobody holds
 * (a player another member holds needs an admin: `/links add`). Kill credits follow approved links only.
 */
import { ApplicationCommandOptionType, type SendableChannels } from 'discord.js';
import { choices, shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { defineCommand } from '../framework/define.js';
import type { CommandContext } from '../framework/types.js';
import { msg } from '../i18n/message.js';
import { TIERS } from '../premium/tiers.js';
import { CLAIMS_MAX_PER_GUILD } from '../stats/linkClaims.js';

/**
 * Tells the admin channel of a new claim; a channel gone or refused only logs. The player's name is
 * escaped here, as in every post: markdown in it (a masked link) shows as typed.
 */
export async function announce({ services }: Pick<CommandContext, 'services'>, guildId: string, channelId: string, userId: string, playerName: string): Promise<void> {
  try {
    const channel = (await services.client.channels.fetch(channelId)) as SendableChannels | null;
    if (!channel || !('send' in channel)) return;
    const t = await services.guildConfigs.texts(guildId);
    await channel.send({ content: t.t('links.claim.post', { userId, name: shownName(playerName) }), allowedMentions: { parse: [] } });
  } catch (err) {
    services.logger.warn({ guildId, channelId, err: (err as Error).message }, 'link claim post failed');
  }
}

export default defineCommand({
  name: 'link',
  description: 'cmd.link',
  ephemeral: true,
  options: [
    { type: ApplicationCommandOptionType.String, name: 'player', description: 'cmd.link.player', required: true, autocomplete: true, max_length: 100 },
  ],
  async run(ctx, { player: typed }) {
    const { interaction, services, respond, t } = ctx;
    const guildId = interaction.guildId;
    const userId = interaction.user.id;
    const player = await services.stats.player(guildId, typed);
    if (!player) throw new UserError(msg('stats.link.notSeen', { name: shownName(typed) }), 'not_found');
    const name = shownName(player.name);
    const [config, tier, owner] = await Promise.all([services.guildConfigs.get(guildId), services.guildConfigs.tier(guildId), services.links.byPlayer(guildId, player.playerId)]);
    if (owner?.userId === userId) throw new UserError(msg('links.already', { name }), 'conflict');
    const limit = TIERS[tier].links;
    const ref = { id: player.playerId, name: player.name };
    if (config.linkMode === 'open') {
      await services.links.link(guildId, userId, ref, limit);
      await respond(t.t('stats.link.done', { name }));
      return;
    }
    const [held, claims, waiting] = await Promise.all([services.links.ofMember(guildId, userId), services.links.claims.ofMember(guildId, userId, limit), services.links.claims.count(guildId)]);
    const again = claims.find((c) => c.playerId === player.playerId);
    if (again) throw new UserError(msg('links.claim.again', { name }), 'conflict');
    // Claims count toward the limit: approving any of them must stay possible.
    if (held.length + claims.length >= limit) throw new UserError(msg('links.limit', { count: limit }), 'validation');
    if (waiting >= CLAIMS_MAX_PER_GUILD) throw new UserError(msg('links.claim.full'), 'rate_limit');
    const { filed } = await services.links.claims.file(guildId, userId, ref);
    await respond(t.t(filed ? 'links.claim.filed' : 'links.claim.again', { name }));
    if (filed && config.adminChannelId) await announce(ctx, guildId, config.adminChannelId, userId, player.name);
  },
  autocomplete: async ({ interaction, services }) => choices(await services.stats.suggestPlayers(interaction.guildId, String(interaction.options.getFocused()))),
});

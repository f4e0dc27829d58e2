/**
 * /unlink [player]: removes one of the member's own links (autocompleted), or withdraws their pending
 * claim on that player; with several links and no `player`, a select asks which. A removed link stops
 * crediting at once.
 */
import { ActionRowBuilder, ApplicationCommandOptionType, StringSelectMenuBuilder } from 'discord.js';
import { z } from 'zod';
import { choices, clip, LIMITS, shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { encodeCustomId } from '../framework/customId.js';
import { defineCommand } from '../framework/define.js';
import type { GuildSelect } from '../framework/guild.js';
import { defineRoute } from '../framework/routes.js';
import type { ComponentRoute, HandlerContext } from '../framework/types.js';
import { msg } from '../i18n/message.js';
import { LINKS_MAX } from '../stats/links.js';

/**
 * Removes the member's link to the player, given as its id or its name, or withdraws their pending claim
 * on it; the reply in the member's words.
 */
async function unlinkOne({ interaction, services, t }: Pick<HandlerContext, 'interaction' | 'services' | 't'>, typed: string): Promise<string> {
  const guildId = interaction.guildId!;
  const userId = interaction.user.id;
  const lower = typed.trim().toLowerCase();
  const held = await services.links.ofMember(guildId, userId);
  const link = held.find((l) => l.playerId === typed) ?? held.find((l) => l.playerNameLower === lower);
  if (link) {
    await services.links.remove(guildId, userId, link.playerId);
    return t.t('stats.unlink.done', { name: shownName(link.playerName) });
  }
  const claims = await services.links.claims.ofMember(guildId, userId, LINKS_MAX);
  const claim = claims.find((c) => c.playerId === typed) ?? claims.find((c) => c.playerName.trim().toLowerCase() === lower);
  if (claim && (await services.links.claims.take(guildId, claim._id))) return t.t('links.claim.withdrawn', { name: shownName(claim.playerName) });
  throw new UserError(msg('stats.unlink.notLinked'), 'not_found');
}

/** `unlink:pick` (the select of a member with several links): the chosen player's id. */
const pickSelect: ComponentRoute<GuildSelect> = defineRoute({
  args: z.tuple([]),
  async run(ctx) {
    const chosen = ctx.interaction.values[0];
    if (!chosen) throw new UserError(msg('error.staleControl'), 'not_found');
    await ctx.update({ content: await unlinkOne(ctx, chosen), components: [] });
  },
});

export default defineCommand({
  name: 'unlink',
  description: 'cmd.unlink',
  ephemeral: true,
  options: [{ type: ApplicationCommandOptionType.String, name: 'player', description: 'cmd.unlink.player', autocomplete: true, max_length: 100 }],
  selects: { pick: pickSelect },
  async run(ctx, { player }) {
    const { interaction, services, respond, t } = ctx;
    if (player !== null) return respond(await unlinkOne(ctx, player));
    const held = await services.links.ofMember(interaction.guildId, interaction.user.id);
    if (!held.length) throw new UserError(msg('stats.unlink.notLinked'), 'not_found');
    if (held.length === 1) return respond(await unlinkOne(ctx, held[0]!.playerId));
    const menu = new StringSelectMenuBuilder()
      .setCustomId(encodeCustomId('unlink', 'pick'))
      .addOptions(held.map((l) => ({ label: clip(l.playerName, LIMITS.selectLabel), value: l.playerId })));
    await respond({ content: t.t('links.unlink.pick'), components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)] });
  },
  /** The member's own links. */
  async autocomplete({ interaction, services }) {
    const typed = String(interaction.options.getFocused()).trim().toLowerCase();
    const held = await services.links.ofMember(interaction.guildId, interaction.user.id);
    return choices(held.filter((l) => !typed || l.playerNameLower.includes(typed)).map((l) => ({ name: l.playerName, value: l.playerId })));
  },
});

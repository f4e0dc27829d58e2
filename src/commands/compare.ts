import { ApplicationCommandOptionType, AttachmentBuilder } from 'discord.js';
import { choices, shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { defineCommand } from '../framework/define.js';
import { msg } from '../i18n/message.js';
import type { WindowName } from '../ingest/windows.js';
import type { AppServices } from '../services/container.js';
import { COMPARE_IMAGE, compareView, emptySide, sideOf, type CompareSide } from '../stats/compareView.js';
import { scopeOption, serverChoicesFor, SERVER_OPTION, WINDOW_OPTION, windowOption, type StatsScopeOption } from '../stats/options.js';

const playerOption = <N extends 'a' | 'b'>(name: N, description: `cmd.compare.${N}`) =>
  ({ type: ApplicationCommandOptionType.String, name, description, required: true, autocomplete: true, max_length: 100 }) as const;

/**
 * A player's figures in the window. One seen in the scope but not in the window shows zeros (with their
 * name) rather than "not found": the window, not the name, is why there is nothing to show.
 */
async function sideFor(services: AppServices, guildId: string, idOrName: string, scope: StatsScopeOption, window: WindowName): Promise<CompareSide> {
  const inWindow = await services.stats.player(guildId, idOrName, scope.serverId, { name: window });
  if (inWindow) return sideOf(inWindow);
  const ever = window === 'all' ? null : await services.stats.player(guildId, idOrName, scope.serverId);
  if (ever) return emptySide(ever);
  const text = scope.serverId
    ? msg('stats.player.notFoundOn', { name: shownName(idOrName), server: shownName(scope.label) })
    : msg('stats.player.notFound', { name: shownName(idOrName) });
  throw new UserError(text, 'not_found');
}

/**
 * `/compare a: b: [window] [server]`: two players side by side as a rendered card (PNG), with their duel
 * record, and the same in words in the embed and the image's description. Public: the guild's words.
 */
export default defineCommand({
  name: 'compare',
  description: 'cmd.compare',
  options: [playerOption('a', 'cmd.compare.a'), playerOption('b', 'cmd.compare.b'), WINDOW_OPTION, SERVER_OPTION],
  async run({ interaction, services, respond, logger, guildT }, { a, b, window, server }) {
    const guildId = interaction.guildId;
    const name = windowOption(window);
    const scope = await scopeOption(services.gameServers, guildId, server);
    const [sideA, sideB] = await Promise.all([sideFor(services, guildId, a, scope, name), sideFor(services, guildId, b, scope, name)]);
    // Both found as the same player: twice the same name, or its name and its id (what autocomplete sends).
    if (sideA.playerId === sideB.playerId) throw new UserError(msg('compare.samePlayer', { name: shownName(sideA.name) }), 'validation');
    // The duel is all-time whatever the window: pair counts are kept per server, not per window.
    const [duel, t] = await Promise.all([services.compare.duel(guildId, sideA.playerId, sideB.playerId, scope.serverId), guildT()]);
    const view = compareView({ a: sideA, b: sideB, duel, scope: scope.label, window: name }, t);
    const card = await services.compare.card(view.card);
    logger.debug({ cached: card.cached }, 'compare card');
    await respond({ embeds: [view.embed], files: [new AttachmentBuilder(card.png, { name: COMPARE_IMAGE, description: view.alt })] });
  },
  async autocomplete({ interaction, services }) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'server') return choices(await serverChoicesFor(services.gameServers, interaction));
    return choices(await services.stats.suggestPlayers(interaction.guildId, focused.value));
  },
});

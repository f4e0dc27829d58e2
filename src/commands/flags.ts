/**
 * /flags [server] [window]: the guild's suspicious kills (src/ingest/killFlags.ts), newest first, ten a
 * page, each with the file and line it came from (admins). Paging buttons carry server, window and page.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type APIEmbed } from 'discord.js';
import { z } from 'zod';
import { choices, clampEmbed, shownName } from '../discord/limits.js';
import { encodeCustomId } from '../framework/customId.js';
import { defineCommand } from '../framework/define.js';
import { defineRoute, routeArgs } from '../framework/routes.js';
import type { Translator } from '../i18n/translate.js';
import { flaggedKills, KILL_EVENT_RETENTION_DAYS, type KillEventDoc } from '../ingest/killEvents.js';
import { ingestCollections } from '../ingest/store.js';
import { WINDOW_NAMES, type WindowName } from '../ingest/windows.js';
import type { AppServices } from '../services/container.js';
import { scopeOption, serverChoicesFor, SERVER_OPTION, WINDOW_LABELS, WINDOW_OPTION, windowOption } from '../stats/options.js';
import { windowStart } from './flags/since.js';

/** `*` in a custom id: every server of the guild. */
const ALL = '*';
/** A file path longer than this is shown by its end (the part that names the file). */
const PATH_SHOWN = 120;
/** Characters of a player's name or a weapon shown on an entry (they come from the game file, unchecked). */
const NAME_SHOWN = 32;

// In a code span: a backtick would close it, so it is shown as a look-alike.
const shownPath = (path: string) => (path.length > PATH_SHOWN ? `…${path.slice(-(PATH_SHOWN - 1))}` : path).replace(/`/g, 'ˋ');

/** One flagged kill's entry: names and weapon escaped (a name can be markdown or a mention) and cut. */
export function flagLine(e: KillEventDoc, t: Translator): string {
  const range = e.maxRange === null ? t.t('flags.range.none', { distance: e.distance }) : t.t('flags.range.max', { distance: e.distance, max: e.maxRange });
  return t.t('flags.line', {
    at: String(Math.floor(e.at.getTime() / 1000)),
    killer: shownName(e.killerName, NAME_SHOWN),
    victim: shownName(e.victimName, NAME_SHOWN),
    weapon: shownName(e.weapon, NAME_SHOWN),
    range,
    reasons: e.flags.map((f) => t.t(`flags.reason.${f}`)).join(', '),
    file: shownPath(e.file),
    line: String(e.line),
  });
}

/** The page's embed, clamped to Discord's limits (a page of long entries must not fail the command). */
export function flagsEmbed(t: Translator, title: string, events: readonly KillEventDoc[], page: number): APIEmbed {
  return clampEmbed({
    title,
    description: events.length ? events.map((e) => flagLine(e, t)).join('\n\n') : t.t('flags.none'),
    footer: { text: t.t('flags.page', { page, days: KILL_EVENT_RETENTION_DAYS }) },
  });
}

async function render(services: AppServices, guildId: string, t: Translator, asked: { serverId: string; window: WindowName; page: number }) {
  const scope = await scopeOption(services.gameServers, guildId, asked.serverId === ALL ? null : asked.serverId);
  const seasonStart = asked.window === 'season' ? ((await services.seasons.current(guildId))?.startedAt ?? null) : null;
  const since = windowStart(asked.window, new Date(), (await services.guildConfigs.texts(guildId)).format.timeZone, seasonStart);
  const found = await flaggedKills(ingestCollections(services.db).killEvents, guildId, { ...(scope.serverId ? { serverId: scope.serverId } : {}), since, page: asked.page });
  const title = t.t('flags.title', { scope: typeof scope.label === 'string' ? scope.label : t.text(scope.label), window: t.t(WINDOW_LABELS[asked.window]) });
  const embed = new EmbedBuilder(flagsEmbed(t, title, found.events, found.page));
  const nav = (direction: 'p' | 'n', target: number, disabled: boolean) =>
    new ButtonBuilder()
      .setCustomId(encodeCustomId('flags', 'page', scope.serverId ?? ALL, asked.window, target, direction))
      .setLabel(direction === 'p' ? '◀' : '▶')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(disabled);
  const paged = found.page > 1 || found.more;
  return { embeds: [embed], components: paged ? [new ActionRowBuilder<ButtonBuilder>().addComponents(nav('p', found.page - 1, found.page <= 1), nav('n', found.page + 1, !found.more))] : [] };
}

export default defineCommand({
  name: 'flags',
  description: 'cmd.flags',
  access: 'admin',
  ephemeral: true,
  options: [SERVER_OPTION, WINDOW_OPTION],
  async run({ interaction, services, respond, t }, { server, window }) {
    const guildId = interaction.guildId;
    const serverId = server ? (await services.gameServers.resolve(guildId, server))._id : ALL;
    await respond(await render(services, guildId, t, { serverId, window: windowOption(window), page: 1 }));
  },
  autocomplete: async ({ interaction, services }) => choices(await serverChoicesFor(services.gameServers, interaction)),
  buttons: {
    // `server:window:page:direction` (custom ids are stored in messages: keep this shape).
    page: defineRoute({
      args: z.tuple([routeArgs.id, z.enum(WINDOW_NAMES), routeArgs.page, z.enum(['p', 'n'])]),
      policy: { rateLimit: { uses: 10, windowMs: 10_000 } },
      async run({ interaction, services, t, update }, [serverId, window, page]) {
        await update(await render(services, interaction.guildId, t, { serverId, window, page }));
      },
    }),
  },
});

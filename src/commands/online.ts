/**
 * /online [server]: who is online now, per server, from the Deadside.log state the ingest keeps (the
 * cursor's online list, names and session starts: src/ingest/playtimeOnline.ts), 20 a page. Everyone
 * may ask; the reply is ephemeral. Paging buttons carry the server (or `*`) and the page.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import { z } from 'zod';
import { choices, shownName } from '../discord/limits.js';
import { encodeCustomId } from '../framework/customId.js';
import { defineCommand } from '../framework/define.js';
import { defineRoute, routeArgs } from '../framework/routes.js';
import type { Translator } from '../i18n/translate.js';
import { onlinePage, type OnlinePlayer } from '../ingest/playtimeOnline.js';
import { ingestCollections } from '../ingest/store.js';
import type { AppServices } from '../services/container.js';
import { serverChoicesFor, SERVER_OPTION } from '../stats/options.js';

/** `*` in a custom id: every server of the guild. */
const ALL = '*';
/** Players a page shows. */
export const ONLINE_PAGE_SIZE = 20;
/** A player's name is shown cut to this (escaped): 20 lines stay far below an embed's 4,096 characters. */
const NAME_SHOWN = 64;

function line(p: OnlinePlayer, members: ReadonlyMap<string, string>, t: Translator): string {
  const player = shownName(p.name ?? p.eosId, NAME_SHOWN);
  const member = members.get(p.eosId);
  const name = member ? t.t('pulse.online.member', { name: player, member: shownName(member, NAME_SHOWN) }) : player;
  return p.since ? t.t('pulse.online.line', { name, at: String(Math.floor(p.since.getTime() / 1000)) }) : t.t('pulse.online.lineNoStart', { name });
}

/**
 * Display names (as text, never a ping) of the members linked to the page's players: one indexed read of
 * at most a page of links, then the boards' cached member lookups (at most 10 a call, through REST).
 */
async function linkedMembers(services: AppServices, guildId: string, players: readonly OnlinePlayer[]): Promise<Map<string, string>> {
  if (!players.length) return new Map();
  const links = await services.links.byPlayers(guildId, players.map((p) => p.eosId), ONLINE_PAGE_SIZE);
  if (!links.length) return new Map();
  const names = await services.boards.names(guildId, links.map((l) => l.userId));
  return new Map(links.flatMap((l) => (names.has(l.userId) ? [[l.playerId, names.get(l.userId)!] as [string, string]] : [])));
}

async function render(services: AppServices, guildId: string, t: Translator, asked: { serverId: string; page: number }) {
  const servers = asked.serverId === ALL ? await services.gameServers.list(guildId) : [await services.gameServers.resolve(guildId, asked.serverId)];
  const names = new Map(servers.map((s) => [s._id, shownName(s.name, NAME_SHOWN)]));
  const read = (page: number) => onlinePage(ingestCollections(services.db).cursors, guildId, [...names.keys()], page, ONLINE_PAGE_SIZE);
  let found = await read(asked.page);
  const pages = Math.max(1, Math.ceil(found.total / ONLINE_PAGE_SIZE));
  // A page past the end (players left since the buttons were drawn) shows the last one.
  if (asked.page > pages) found = await read(pages);
  const page = Math.min(asked.page, pages);
  const members = await linkedMembers(services, guildId, found.players);
  const parts: string[] = [];
  let current: string | null = null;
  for (const p of found.players) {
    if (p.serverId !== current) {
      current = p.serverId;
      parts.push(`${parts.length ? '\n' : ''}${t.t('pulse.online.server', { server: names.get(p.serverId) ?? p.serverId, online: found.counts.get(p.serverId) ?? 0 })}`);
    }
    parts.push(line(p, members, t));
  }
  const scope = asked.serverId === ALL ? t.t('stats.scope.allServers') : (names.get(servers[0]!._id) ?? '');
  const embed = new EmbedBuilder()
    .setTitle(t.t('pulse.online.title', { scope }))
    .setDescription(parts.length ? parts.join('\n') : t.t('pulse.online.none'))
    .setFooter({ text: t.t('pulse.online.page', { page, pages }) });
  const nav = (direction: 'p' | 'n', target: number, disabled: boolean) =>
    new ButtonBuilder()
      .setCustomId(encodeCustomId('online', 'page', asked.serverId, Math.max(1, target), direction))
      .setLabel(direction === 'p' ? '◀' : '▶')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(disabled);
  return { embeds: [embed], components: pages > 1 ? [new ActionRowBuilder<ButtonBuilder>().addComponents(nav('p', page - 1, page <= 1), nav('n', page + 1, page >= pages))] : [] };
}

export default defineCommand({
  name: 'online',
  description: 'cmd.online',
  ephemeral: true,
  options: [SERVER_OPTION],
  async run({ interaction, services, respond, t }, { server }) {
    const guildId = interaction.guildId;
    const serverId = server ? (await services.gameServers.resolve(guildId, server))._id : ALL;
    await respond(await render(services, guildId, t, { serverId, page: 1 }));
  },
  autocomplete: async ({ interaction, services }) => choices(await serverChoicesFor(services.gameServers, interaction)),
  buttons: {
    // `server:page:direction` (custom ids are stored in messages: keep this shape).
    page: defineRoute({
      args: z.tuple([routeArgs.id, routeArgs.page, z.enum(['p', 'n'])]),
      policy: { rateLimit: { uses: 10, windowMs: 10_000 } },
      async run({ interaction, services, t, update }, [serverId, page]) {
        await update(await render(services, interaction.guildId, t, { serverId, page }));
      },
    }),
  },
});

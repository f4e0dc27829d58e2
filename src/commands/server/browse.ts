/** `/server browse`: a folder listing inside the root, with pages, Up and a menu to open a subfolder. */
import { ActionRowBuilder, ApplicationCommandOptionType, ButtonBuilder, ButtonStyle, StringSelectMenuBuilder } from 'discord.js';
import { z } from 'zod';
import { clip, LIMITS } from '../../discord/limits.js';
import { encodeCustomId } from '../../framework/customId.js';
import { defineSubcommand } from '../../framework/define.js';
import type { GuildButton, GuildSelect } from '../../framework/guild.js';
import { defineRoute, routeArgs } from '../../framework/routes.js';
import type { ComponentRoute, HandlerContext } from '../../framework/types.js';
import type { Translator } from '../../i18n/translate.js';
import type { GameServer } from '../../db/schemas.js';
import { browsePage, childFolder, folderFromMessage, parentFolder, rootRelative, type BrowsePage } from '../../servers/browse.js';
import { serverOption } from './shared.js';

/** The page's embed with its buttons (◀ ▶, Up) and the menu of subfolders; the ids carry its state. */
function browseMessage(view: BrowsePage, t: Translator) {
  const { serverId, page, pages, token } = view;
  const button = (id: string, label: string, disabled: boolean) =>
    new ButtonBuilder().setCustomId(id).setLabel(label).setStyle(ButtonStyle.Secondary).setDisabled(disabled);
  const nav = new ActionRowBuilder<ButtonBuilder>().addComponents(
    button(encodeCustomId('server', 'bpage', serverId, page - 1, token), t.t('server.browse.previous'), page === 0),
    button(encodeCustomId('server', 'bpage', serverId, page + 1, token), t.t('server.browse.next'), page >= pages - 1),
    button(encodeCustomId('server', 'bup', serverId, token), t.t('server.browse.up'), view.folder === '/'),
  );
  const components: Array<ActionRowBuilder<ButtonBuilder> | ActionRowBuilder<StringSelectMenuBuilder>> = [nav];
  // The option's value is the folder's name: browsePage leaves out names too long to be one.
  if (view.dirs.length > 0) {
    const menu = new StringSelectMenuBuilder()
      .setCustomId(encodeCustomId('server', 'bopen', serverId, token))
      .setPlaceholder(t.t('server.browse.open'))
      .addOptions(view.dirs.map((name) => ({ label: clip(name, LIMITS.selectLabel), value: name })));
    components.push(new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu));
  }
  return { embeds: [view.embed], components };
}

async function show(ctx: Pick<HandlerContext, 'services' | 't'>, server: GameServer, folder: string, page: number) {
  return browseMessage(await browsePage(ctx.services.gameServers, server, folder, page, ctx.t), ctx.t);
}

export const browse = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'browse',
    description: 'cmd.server.browse',
    options: [serverOption, { type: ApplicationCommandOptionType.String, name: 'path', description: 'cmd.server.browse.path', max_length: 1000 }],
  },
  async run(ctx, options) {
    await ctx.defer();
    const server = await ctx.services.gameServers.resolve(ctx.interaction.guildId, options.server);
    await ctx.respond(await show(ctx, server, rootRelative(server.root, options.path), 0));
  },
});

/** The folder's hash the ids carry (pathToken: 10 base64url characters); folderFromMessage checks it. */
const folderToken = z.string().regex(/^[A-Za-z0-9_-]{10}$/);
/** The listing's page, counted from 0 (browsePage clamps it to the folder's pages). */
const pageIndex = z.string().regex(/^\d{1,5}$/).transform(Number);

/**
 * The listing's state is in the message (folder in the footer, a hash of it in the ids): restart-proof.
 * `server:bpage:serverId:page:token`.
 */
export const pageButton: ComponentRoute<GuildButton> = defineRoute({
  args: z.tuple([routeArgs.id, pageIndex, folderToken]),
  async run(ctx, [serverId, page, token]) {
    const { interaction, services } = ctx;
    await ctx.defer();
    const server = await services.gameServers.require(interaction.guildId, serverId);
    const folder = folderFromMessage(server._id, token, interaction.message.embeds);
    await ctx.update(await show(ctx, server, folder, page));
  },
});

/** `server:bup:serverId:token`. */
export const upButton: ComponentRoute<GuildButton> = defineRoute({
  args: z.tuple([routeArgs.id, folderToken]),
  async run(ctx, [serverId, token]) {
    const { interaction, services } = ctx;
    await ctx.defer();
    const server = await services.gameServers.require(interaction.guildId, serverId);
    const folder = folderFromMessage(server._id, token, interaction.message.embeds);
    await ctx.update(await show(ctx, server, parentFolder(folder), 0));
  },
});

/** `server:bopen:serverId:token`; the picked subfolder is the menu's value. */
export const openSelect: ComponentRoute<GuildSelect> = defineRoute({
  args: z.tuple([routeArgs.id, folderToken]),
  async run(ctx, [serverId, token]) {
    const { interaction, services } = ctx;
    await ctx.defer();
    const server = await services.gameServers.require(interaction.guildId, serverId);
    const folder = folderFromMessage(server._id, token, interaction.message.embeds);
    await ctx.update(await show(ctx, server, childFolder(folder, interaction.values[0] ?? ''), 0));
  },
});

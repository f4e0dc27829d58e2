import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  type ButtonInteraction,
  type Interaction,
  type SlashCommandStringOption,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { GameServer } from '../db/schemas.js';
import { UserError } from '../errors.js';
import { encodeCustomId } from '../framework/customId.js';
import { ADMIN_DEFAULT_PERMISSIONS } from '../framework/permissions.js';
import { defineCommand, type HandlerContext } from '../framework/types.js';
import type { AppServices } from '../services/container.js';
import { HostKeyMismatchError } from '../sftp/errors.js';
import { normalizeFingerprint } from '../sftp/connection.js';
import { browseView, childFolder, downloadFile, folderFromMessage, parentFolder, rootRelative } from '../servers/browse.js';
import { channelProblems, FEEDS, type Feed } from '../servers/channels.js';
import { hostKeyBlockedError, layoutOf, probe, reportHostKeyMismatch } from '../servers/connect.js';
import { modalValues, serverModal } from '../servers/form.js';
import { formatAddress, parseServerInput } from '../servers/input.js';
import { assertCanAddServer, minPollSeconds } from '../servers/tierLimit.js';
import { runBackfill } from '../feeds/backfill.js';
import { listEmbeds, mismatchEmbed, testReportEmbed, trustPromptEmbed } from '../servers/views.js';

const serverOption = (o: SlashCommandStringOption) =>
  o.setName('server').setDescription('Game server (name or id)').setRequired(true).setAutocomplete(true).setMaxLength(100);

const definition = new SlashCommandBuilder()
  .setName('server')
  .setDescription('Connect and manage your Deadside game servers (SFTP)')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(ADMIN_DEFAULT_PERMISSIONS)
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription('Connect a game server: opens a form for its SFTP access')
      .addBooleanOption((o) => o.setName('legacy_algorithms').setDescription('Old host that only offers legacy SSH algorithms (ssh-rsa, sha1, cbc)')),
  )
  .addSubcommand((s) => s.setName('list').setDescription('Every game server here: status, last poll, errors, channels'))
  .addSubcommand((s) => s.setName('test').setDescription('Connect now: latency, host key check, files found').addStringOption(serverOption))
  .addSubcommand((s) =>
    s
      .setName('edit')
      .setDescription('Change a server’s connection (the password field can stay blank)')
      .addStringOption(serverOption)
      .addBooleanOption((o) => o.setName('legacy_algorithms').setDescription('Offer legacy SSH algorithms to this host')),
  )
  .addSubcommand((s) => s.setName('remove').setDescription('Remove a server and delete its credentials').addStringOption(serverOption))
  .addSubcommand((s) =>
    s
      .setName('browse')
      .setDescription('List a folder on the server')
      .addStringOption(serverOption)
      .addStringOption((o) => o.setName('path').setDescription('Folder inside the server’s root (default: the root)').setMaxLength(1000)),
  )
  .addSubcommand((s) =>
    s
      .setName('download')
      .setDescription('Get a file from the server as an attachment')
      .addStringOption(serverOption)
      .addStringOption((o) => o.setName('path').setDescription('File inside the server’s root, e.g. Logs/Deadside.log').setRequired(true).setMaxLength(1000)),
  )
  .addSubcommand((s) =>
    s
      .setName('channels')
      .setDescription('Where the killfeed, events, connections and player count go')
      .addStringOption(serverOption)
      .addChannelOption((o) => o.setName('killfeed').setDescription('Text channel for kills').addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement))
      .addChannelOption((o) =>
        o.setName('events').setDescription('Text channel for missions, airdrops, restarts, alerts').addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      )
      .addChannelOption((o) => o.setName('connections').setDescription('Text channel for joins and leaves').addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement))
      .addChannelOption((o) => o.setName('playercount').setDescription('Voice channel renamed to the player count').addChannelTypes(ChannelType.GuildVoice))
      .addStringOption((o) =>
        o
          .setName('clear')
          .setDescription('Turn a feed off')
          .addChoices(...FEEDS.map((f) => ({ name: f, value: f })), { name: 'all', value: 'all' }),
      ),
  )
  .addSubcommand((s) =>
    s.setName('backfill').setDescription('Read every killfeed file not read yet (all history of a new server) now, with progress').addStringOption(serverOption),
  )
  .addSubcommand((s) =>
    s
      .setName('settings')
      .setDescription('Polling and killfeed behaviour of a server')
      .addStringOption(serverOption)
      .addIntegerOption((o) => o.setName('poll_seconds').setDescription('Seconds between reads of the logs (your tier sets the minimum)').setMinValue(5).setMaxValue(3600))
      .addIntegerOption((o) => o.setName('killfeed_delay_seconds').setDescription('Hold kills this long before posting').setMinValue(0).setMaxValue(600))
      .addBooleanOption((o) => o.setName('show_suicides').setDescription('Post suicides, falls and relocations'))
      .addBooleanOption((o) => o.setName('paused').setDescription('Stop reading this server for now')),
  )
  .toJSON();

// ---------------------------------------------------------------- helpers

type Ctx<I extends Interaction> = HandlerContext<I>;

async function serverFromOption(ctx: Ctx<ChatInputCommandInteraction>): Promise<GameServer> {
  return ctx.services.servers.resolve(ctx.interaction.guildId!, ctx.interaction.options.getString('server', true));
}

/** Components act on a server by id, always inside the clicking member's guild. */
async function serverFromArgs(services: AppServices, guildId: string, serverId: string | undefined): Promise<GameServer> {
  const server = serverId ? await services.servers.get(guildId, serverId) : null;
  if (!server) throw new UserError('that server no longer exists; see `/server list`', 'not_found');
  return server;
}

const flag = (v: boolean | null | undefined) => (v === true ? '1' : v === false ? '0' : '-');
const unflag = (v: string | undefined): boolean | undefined => (v === '1' ? true : v === '0' ? false : undefined);

function confirmRow(yesId: string, yesLabel: string, noId: string, noLabel = 'Cancel', danger = false) {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(yesId).setLabel(yesLabel).setStyle(danger ? ButtonStyle.Danger : ButtonStyle.Success),
    new ButtonBuilder().setCustomId(noId).setLabel(noLabel).setStyle(ButtonStyle.Secondary),
  );
}

/** Replaces a prompt (the ephemeral message the buttons sit on) with a final text. */
async function closePrompt(interaction: ButtonInteraction, content: string): Promise<void> {
  await interaction.editReply({ content, embeds: [], components: [] });
}

async function deferEphemeral(interaction: ChatInputCommandInteraction | ModalSubmitInteraction): Promise<void> {
  if (!interaction.deferred && !interaction.replied) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
}

/** Shows the Trust & save prompt for a connection whose key the admin has not seen yet. */
async function promptTrust(
  ctx: Ctx<ModalSubmitInteraction>,
  input: ReturnType<typeof parseServerInput>,
  report: Awaited<ReturnType<typeof probe>>,
  serverId: string | null,
): Promise<void> {
  const { services, interaction } = ctx;
  const pending = await services.servers.createPending({
    guildId: interaction.guildId!,
    userId: interaction.user.id,
    serverId,
    input: services.servers.seal(input),
    fingerprint: report.fingerprint,
    layout: layoutOf(report),
  });
  await ctx.respond({
    embeds: [trustPromptEmbed(input.name, input.host, input.port, report)],
    components: [confirmRow(encodeCustomId('server', 'trust', pending._id), 'Trust & save', encodeCustomId('server', 'cancel', pending._id))],
  });
}

// ---------------------------------------------------------------- subcommands

const subcommands: Record<string, (ctx: Ctx<ChatInputCommandInteraction>) => Promise<void>> = {
  async backfill(ctx) {
    const { interaction, services, logger } = ctx;
    await deferEphemeral(interaction);
    const server = await serverFromOption(ctx);
    // The interaction token lives 15 minutes: a longer backfill goes on, its message stops updating.
    const show = (content: string) =>
      interaction
        .editReply({ content })
        .then(() => undefined)
        .catch((err: Error) => logger.warn({ err: err.message }, 'backfill progress not shown'));
    await runBackfill(services.feeds, server, show);
  },

  async add({ interaction, services }) {
    await assertCanAddServer(services, interaction.guildId!);
    const legacy = interaction.options.getBoolean('legacy_algorithms');
    await interaction.showModal(serverModal(encodeCustomId('server', 'add', flag(legacy)), 'Connect a game server'));
  },

  async list({ interaction, services, respond }) {
    const [servers, tier] = await Promise.all([services.servers.list(interaction.guildId!), services.guildConfigs.tier(interaction.guildId!)]);
    await respond({ embeds: listEmbeds(servers, tier) });
  },

  async test(ctx) {
    const { interaction, services } = ctx;
    await deferEphemeral(interaction);
    const server = await serverFromOption(ctx);
    const input = { ...server, password: services.servers.openPassword(server) };
    try {
      const report = await probe(services, input, server.hostKeyFingerprint);
      const wasBlocked = server.status.hostKeyMismatch !== null;
      if (wasBlocked) await services.servers.clearHostKeyMismatch(server.guildId, server._id);
      const layout = layoutOf(report);
      if (layout) await services.servers.setLayout(server.guildId, server._id, layout);
      await ctx.respond({ embeds: [testReportEmbed(server, report, wasBlocked)] });
    } catch (err) {
      if (!(err instanceof HostKeyMismatchError)) throw err;
      await reportHostKeyMismatch(services, server, err.actual);
      await ctx.respond({
        embeds: [mismatchEmbed(server, err.actual)],
        components: [
          confirmRow(
            // The presented key travels in the id: the admin trusts exactly the key they were shown.
            encodeCustomId('server', 'retrust', server._id, err.actual.replace(/^SHA256:/, '')),
            'Trust new key',
            encodeCustomId('server', 'keep', server._id),
            'Keep blocked',
            true,
          ),
        ],
      });
    }
  },

  async edit(ctx) {
    const server = await serverFromOption(ctx);
    const legacy = ctx.interaction.options.getBoolean('legacy_algorithms');
    await ctx.interaction.showModal(serverModal(encodeCustomId('server', 'edit', server._id, flag(legacy)), `Edit ${server.name}`.slice(0, 45), server));
  },

  async remove(ctx) {
    const server = await serverFromOption(ctx);
    await ctx.respond({
      content: `Remove **${server.name}** (\`${formatAddress(server.host, server.port)}\`)? Its feeds stop and its stored credentials are deleted.`,
      components: [confirmRow(encodeCustomId('server', 'rm', server._id), 'Remove', encodeCustomId('server', 'rmno', server._id), 'Cancel', true)],
    });
  },

  async browse(ctx) {
    await deferEphemeral(ctx.interaction);
    const server = await serverFromOption(ctx);
    const folder = rootRelative(server.root, ctx.interaction.options.getString('path'));
    await ctx.respond(await browseView(ctx.services, server, folder, 0));
  },

  async download(ctx) {
    await deferEphemeral(ctx.interaction);
    const server = await serverFromOption(ctx);
    await ctx.respond(await downloadFile(ctx.services, server, ctx.interaction.options.getString('path', true)));
  },

  async channels(ctx) {
    const { interaction, services } = ctx;
    const server = await serverFromOption(ctx);
    const patch: Partial<Record<Feed, string | null>> = {};
    for (const feed of FEEDS) {
      const ch = interaction.options.getChannel(feed);
      if (ch) patch[feed] = ch.id;
    }
    const clear = interaction.options.getString('clear');
    for (const feed of FEEDS) if (clear === feed || clear === 'all') patch[feed] = null;
    const problems = channelProblems(services, interaction.guildId!, patch);
    if (problems.errors.length) throw new UserError(problems.errors.join('\n'), 'validation');
    if (Object.keys(patch).length) await services.servers.setChannels(server.guildId, server._id, patch);
    const channels = { ...server.channels, ...patch };
    const lines = FEEDS.map((f) => `**${f}:** ${channels[f] ? `<#${channels[f]}>` : 'off'}`);
    await ctx.respond({
      content: [
        Object.keys(patch).length ? `✅ Channels of **${server.name}** saved.` : `Channels of **${server.name}**:`,
        ...lines,
        ...problems.warnings.map((w) => `⚠️ ${w}`),
      ].join('\n'),
      allowedMentions: { parse: [] },
    });
  },

  async settings(ctx) {
    const { interaction, services } = ctx;
    const server = await serverFromOption(ctx);
    const o = interaction.options;
    const patch: Partial<GameServer['settings']> = {};
    const poll = o.getInteger('poll_seconds');
    if (poll !== null) {
      const min = await minPollSeconds(services, interaction.guildId!);
      if (poll < min) throw new UserError(`your tier allows polling every ${min} seconds at most often (asked: ${poll}); a higher premium tier polls more often`, 'premium');
      patch.pollSeconds = poll;
    }
    const delay = o.getInteger('killfeed_delay_seconds');
    if (delay !== null) patch.killfeedDelaySeconds = delay;
    const suicides = o.getBoolean('show_suicides');
    if (suicides !== null) patch.showSuicides = suicides;
    const paused = o.getBoolean('paused');
    if (paused !== null) patch.paused = paused;
    if (Object.keys(patch).length) await services.servers.setSettings(server.guildId, server._id, patch);
    const s = { ...server.settings, ...patch };
    await ctx.respond({
      content: [
        Object.keys(patch).length ? `✅ Settings of **${server.name}** saved.` : `Settings of **${server.name}**:`,
        `**Poll every:** ${s.pollSeconds} s · **killfeed delay:** ${s.killfeedDelaySeconds} s · **suicides:** ${s.showSuicides ? 'shown' : 'hidden'} · **paused:** ${s.paused ? 'yes' : 'no'}`,
      ].join('\n'),
    });
  },
};

// ---------------------------------------------------------------- module

export default defineCommand({
  name: 'server',
  access: 'admin',
  ephemeral: true,
  definition,
  async execute(ctx) {
    const sub = ctx.interaction.options.getSubcommand();
    const handler = subcommands[sub];
    if (!handler) throw new UserError(`unknown subcommand ${sub}`, 'not_found');
    await handler(ctx);
  },

  async autocomplete({ interaction, services }) {
    const typed = String(interaction.options.getFocused()).trim().toLowerCase();
    const servers = await services.servers.list(interaction.guildId!);
    return servers
      .filter((s) => !typed || s.name.toLowerCase().includes(typed) || s._id.toLowerCase().startsWith(typed))
      .slice(0, 25)
      .map((s) => ({ name: `${s.name} — ${formatAddress(s.host, s.port)}`.slice(0, 100), value: s._id }));
  },

  modals: {
    add: {
      // Each submission opens an SSH connection to an address the member typed: bounded per minute.
      policy: { rateLimit: { uses: 10, windowMs: 60_000 } },
      async run(ctx: Ctx<ModalSubmitInteraction>) {
        const { interaction, services } = ctx;
        await deferEphemeral(interaction);
        const input = parseServerInput({ ...modalValues(interaction), legacyAlgorithms: unflag(ctx.args[0]) ?? false });
        await assertCanAddServer(services, interaction.guildId!);
        if (await services.servers.nameTaken(interaction.guildId!, input.name)) {
          throw new UserError(`a server named "${input.name}" already exists here; pick another name`, 'conflict');
        }
        const report = await probe(services, input);
        await promptTrust(ctx, input, report, null);
      },
    },
    edit: {
      policy: { rateLimit: { uses: 10, windowMs: 60_000 } },
      async run(ctx: Ctx<ModalSubmitInteraction>) {
        const { interaction, services } = ctx;
        await deferEphemeral(interaction);
        const server = await serverFromArgs(services, interaction.guildId!, ctx.args[0]);
        const values = modalValues(interaction);
        const keepPassword = values.password === '';
        const input = parseServerInput({
          ...values,
          password: keepPassword ? services.servers.openPassword(server) : values.password,
          legacyAlgorithms: unflag(ctx.args[1]) ?? server.legacyAlgorithms,
        });
        if (await services.servers.nameTaken(server.guildId, input.name, server._id)) {
          throw new UserError(`a server named "${input.name}" already exists here; pick another name`, 'conflict');
        }
        const sameHost = input.host === server.host && input.port === server.port;
        if (sameHost && server.status.hostKeyMismatch) throw hostKeyBlockedError(server);
        let report;
        try {
          // Same host: its key must still match. Another host: a new key the admin has to see first.
          report = await probe(services, input, sameHost ? server.hostKeyFingerprint : undefined);
        } catch (err) {
          if (err instanceof HostKeyMismatchError) {
            await reportHostKeyMismatch(services, server, err.actual);
            throw hostKeyBlockedError({ ...server, status: { ...server.status, hostKeyMismatch: { presented: err.actual, at: new Date() } } });
          }
          throw err;
        }
        if (!sameHost && report.fingerprint !== server.hostKeyFingerprint) return promptTrust(ctx, input, report, server._id);
        const sealed = services.servers.seal(input);
        await services.servers.updateConnection(
          server.guildId,
          server._id,
          keepPassword ? { ...sealed, password: undefined } : sealed,
          report.fingerprint,
          layoutOf(report),
        );
        await services.sftp.removeServer(server._id); // close connections made with the old settings
        await ctx.respond({ content: `✅ **${input.name}** updated (connection tested, host key unchanged${keepPassword ? ', password kept' : ''}).` });
      },
    },
  },

  buttons: {
    trust: {
      async run({ interaction, services, args }: Ctx<ButtonInteraction>) {
        await interaction.deferUpdate();
        const guildId = interaction.guildId!;
        const pending = await services.servers.takePending(guildId, interaction.user.id, args[0] ?? '');
        const { input } = pending;
        if (pending.serverId) {
          await services.servers.updateConnection(guildId, pending.serverId, input, pending.fingerprint, pending.layout);
          await services.sftp.removeServer(pending.serverId);
        } else {
          await assertCanAddServer(services, guildId);
          await services.servers.create(guildId, interaction.user.id, input, pending.fingerprint, pending.layout);
        }
        await services.servers.deletePending(guildId, pending._id);
        await closePrompt(
          interaction,
          `✅ **${input.name}** saved; host key \`${pending.fingerprint}\` is pinned. ` +
            'Next: choose its feeds with `/server channels`, and check it any time with `/server test`.',
        );
      },
    },
    cancel: {
      async run({ interaction, services, args }: Ctx<ButtonInteraction>) {
        await interaction.deferUpdate();
        await services.servers.deletePending(interaction.guildId!, args[0] ?? '');
        await closePrompt(interaction, 'Cancelled: nothing was saved.');
      },
    },
    retrust: {
      async run({ interaction, services, args }: Ctx<ButtonInteraction>) {
        await interaction.deferUpdate();
        const server = await serverFromArgs(services, interaction.guildId!, args[0]);
        const fingerprint = normalizeFingerprint(args[1] ?? '');
        await services.servers.trustHostKey(server.guildId, server._id, fingerprint);
        await services.sftp.removeServer(server._id);
        await closePrompt(interaction, `✅ New host key \`${fingerprint}\` trusted for **${server.name}**; the bot connects to it again.`);
      },
    },
    keep: {
      async run({ interaction, services, args }: Ctx<ButtonInteraction>) {
        await interaction.deferUpdate();
        const server = await serverFromArgs(services, interaction.guildId!, args[0]);
        await closePrompt(interaction, `🔒 **${server.name}** stays blocked. Run \`/server test\` again once your host confirms the new key.`);
      },
    },
    rm: {
      async run({ interaction, services, args }: Ctx<ButtonInteraction>) {
        await interaction.deferUpdate();
        const server = await serverFromArgs(services, interaction.guildId!, args[0]);
        await services.servers.remove(server.guildId, server._id);
        await services.sftp.removeServer(server._id);
        await closePrompt(interaction, `🗑️ **${server.name}** removed; its feeds stopped and its credentials were deleted.`);
      },
    },
    rmno: {
      async run({ interaction }: Ctx<ButtonInteraction>) {
        await interaction.deferUpdate();
        await closePrompt(interaction, 'Kept: nothing was removed.');
      },
    },
    bpage: {
      async run({ interaction, services, args }: Ctx<ButtonInteraction>) {
        await interaction.deferUpdate();
        const server = await serverFromArgs(services, interaction.guildId!, args[0]);
        const folder = folderFromMessage(server._id, args[2] ?? '', interaction.message.embeds);
        await interaction.editReply(await browseView(services, server, folder, Number(args[1]) || 0));
      },
    },
    bup: {
      async run({ interaction, services, args }: Ctx<ButtonInteraction>) {
        await interaction.deferUpdate();
        const server = await serverFromArgs(services, interaction.guildId!, args[0]);
        const folder = folderFromMessage(server._id, args[1] ?? '', interaction.message.embeds);
        await interaction.editReply(await browseView(services, server, parentFolder(folder), 0));
      },
    },
  },

  selects: {
    bopen: {
      async run(ctx) {
        const interaction = ctx.interaction as StringSelectMenuInteraction;
        await interaction.deferUpdate();
        const server = await serverFromArgs(ctx.services, interaction.guildId!, ctx.args[0]);
        const folder = folderFromMessage(server._id, ctx.args[1] ?? '', interaction.message.embeds);
        await interaction.editReply(await browseView(ctx.services, server, childFolder(folder, interaction.values[0] ?? ''), 0));
      },
    },
  },
});


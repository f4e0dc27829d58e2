import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type Interaction,
  type TextChannel,
  type VoiceChannel,
} from 'discord.js';
import { DiscordDouble } from './index.js';

const GUILD = '1100000000000000001';
const TEXT = '1100000000000000011';
const VOICE = '1100000000000000012';
const ADMIN = '1100000000000000101';
const MEMBER = '1100000000000000102';

const commands = [
  new SlashCommandBuilder().setName('ping').setDescription('Replies pong'),
  new SlashCommandBuilder().setName('report').setDescription('Deferred reply with a file'),
  new SlashCommandBuilder().setName('later').setDescription('Deferred ephemeral, then follow-ups'),
  new SlashCommandBuilder().setName('panel').setDescription('A message with buttons'),
  new SlashCommandBuilder()
    .setName('server')
    .setDescription('Game servers')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((s) => s.setName('add').setDescription('Add a server')),
  new SlashCommandBuilder()
    .setName('stats')
    .setDescription('Stats')
    .addSubcommand((s) =>
      s
        .setName('player')
        .setDescription('A player')
        .addStringOption((o) => o.setName('name').setDescription('Player').setRequired(true).setAutocomplete(true))
        .addIntegerOption((o) => o.setName('page').setDescription('Page').setMinValue(1)),
    ),
].map((c) => c.toJSON());

async function handle(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    const typed = String(interaction.options.getFocused());
    const names = ['Alpha', 'Alfred', 'Bravo'].filter((n) => n.toLowerCase().startsWith(typed.toLowerCase()));
    await interaction.respond(names.map((n) => ({ name: n, value: n })));
    return;
  }
  if (interaction.isChatInputCommand()) {
    switch (interaction.commandName) {
      case 'ping':
        await interaction.reply({ content: `pong ${interaction.user.id}`, flags: MessageFlags.Ephemeral });
        return;
      case 'report':
        await interaction.deferReply();
        await interaction.editReply({ content: 'report ready', files: [new AttachmentBuilder(Buffer.from('kills,deaths\n3,1\n'), { name: 'report.csv' })] });
        return;
      case 'later':
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await interaction.followUp({ content: 'first' });
        await interaction.followUp({ content: 'second', flags: MessageFlags.Ephemeral });
        return;
      case 'panel': {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('panel:next').setLabel('Next').setStyle(ButtonStyle.Primary),
        );
        const select = new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
          new StringSelectMenuBuilder()
            .setCustomId('panel:color')
            .addOptions({ label: 'Red', value: 'red' }, { label: 'Blue', value: 'blue' }),
        );
        await interaction.reply({ content: 'page 1', components: [row, select] });
        return;
      }
      case 'server': {
        const allowed = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
        if (!allowed) {
          await interaction.reply({ content: 'Manage Server required', flags: MessageFlags.Ephemeral });
          return;
        }
        const modal = new ModalBuilder()
          .setCustomId('server:add')
          .setTitle('Add server')
          .addComponents(
            new ActionRowBuilder<TextInputBuilder>().addComponents(
              new TextInputBuilder().setCustomId('host').setLabel('Host').setStyle(TextInputStyle.Short).setRequired(true),
            ),
            new ActionRowBuilder<TextInputBuilder>().addComponents(
              new TextInputBuilder().setCustomId('port').setLabel('Port').setStyle(TextInputStyle.Short).setRequired(false),
            ),
          );
        await interaction.showModal(modal);
        return;
      }
      default:
        return;
    }
  }
  if (interaction.isModalSubmit() && interaction.customId === 'server:add') {
    const host = interaction.fields.getTextInputValue('host');
    const port = interaction.fields.getTextInputValue('port') || '22';
    await interaction.reply({ content: `saved ${host}:${port}`, flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.isButton() && interaction.customId === 'panel:next') {
    await interaction.update({ content: `page 2 (from ${interaction.message.id})`, components: [] });
    return;
  }
  if (interaction.isStringSelectMenu() && interaction.customId === 'panel:color') {
    await interaction.deferUpdate();
    await interaction.editReply({ content: `color ${interaction.values.join(',')}` });
  }
}

describe('DiscordDouble with the real discord.js client', () => {
  let double: DiscordDouble;
  let client: Client;

  beforeAll(async () => {
    double = await DiscordDouble.start({
      applicationId: '1000000000000000001',
      botUserId: '1000000000000000002',
      token: 'test-token',
      guilds: [
        {
          id: GUILD,
          name: 'Deadside EU',
          ownerId: '1100000000000000999',
          channels: [
            { id: TEXT, name: 'killfeed', type: 'text' },
            { id: VOICE, name: 'players', type: 'voice' },
          ],
          members: [
            { id: ADMIN, username: 'admin', manageGuild: true },
            { id: MEMBER, username: 'member' },
          ],
        },
      ],
    });
    client = new Client({ intents: [GatewayIntentBits.Guilds], ...double.clientOptions() });
    client.on(Events.InteractionCreate, (i) => {
      handle(i).catch((e: unknown) => console.error('handler failed', e));
    });
    const ready = once(client, Events.ClientReady);
    await client.login(double.token);
    await ready;
    await client.application?.commands.set(commands, GUILD);
  });

  afterAll(async () => {
    await client?.destroy();
    await double?.stop();
  });

  it('logs in: READY + GUILD_CREATE fill the cache', () => {
    expect(client.user?.id).toBe('1000000000000000002');
    const guild = client.guilds.cache.get(GUILD);
    expect(guild?.name).toBe('Deadside EU');
    expect(guild?.channels.cache.get(TEXT)?.name).toBe('killfeed');
    expect(guild?.roles.everyone.id).toBe(GUILD);
    expect(guild?.members.me?.id).toBe('1000000000000000002');
    const identify = double.gateway.identifies[0];
    expect(identify?.token).toBe('test-token');
    expect(identify?.intents).toBe(GatewayIntentBits.Guilds);
    expect(double.commands(GUILD).map((c) => c.name).sort()).toEqual(['later', 'panel', 'ping', 'report', 'server', 'stats']);
    expect(double.requests.every((r) => r.path === '/gateway/bot' || r.headers.authorization === 'Bot test-token')).toBe(true);
  });

  it('captures an ephemeral reply', async () => {
    const ix = await double.slash({ guildId: GUILD, userId: MEMBER, command: 'ping' });
    const cb = await ix.response();
    expect(cb.type).toBe(4);
    const reply = await ix.reply();
    expect(reply.content).toBe(`pong ${MEMBER}`);
    expect(reply.flags! & MessageFlags.Ephemeral).toBeTruthy();
    expect(reply.author.id).toBe('1000000000000000002');
    const req = double.requests.find((r) => r.path.startsWith(`/interactions/${ix.id}/`));
    expect(req?.headers.authorization).toBeUndefined();
    expect(req?.query.with_response).toBe('false');
    expect(double.channelMessages(TEXT)).toHaveLength(0);
  });

  it('defer + editReply with an attachment: files decoded', async () => {
    const ix = await double.slash({ guildId: GUILD, userId: MEMBER, command: 'report' });
    expect((await ix.response()).type).toBe(5);
    const reply = await ix.reply();
    expect(reply.content).toBe('report ready');
    expect(reply.attachments[0]?.filename).toBe('report.csv');
    expect(reply.attachments[0]?.size).toBe(17);
    expect(reply.files[0]?.data.toString()).toBe('kills,deaths\n3,1\n');
    expect(ix.edits()).toHaveLength(1);
    const patch = double.requests.find((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'));
    expect(patch?.url).toContain('%40original');
  });

  it('the first follow-up after a defer fills the deferred reply; later ones are new messages', async () => {
    const ix = await double.slash({ guildId: GUILD, userId: MEMBER, command: 'later' });
    const reply = await ix.reply();
    expect(reply.content).toBe('first');
    expect(reply.flags! & MessageFlags.Ephemeral).toBeTruthy();
    const second = await ix.waitForFollowUp((m) => m.content === 'second');
    expect(second.id).not.toBe(reply.id);
    expect(ix.followUps()).toHaveLength(1);
  });

  it('shows a modal and receives its submission', async () => {
    const denied = await double.slash({ guildId: GUILD, userId: MEMBER, command: 'server', subcommand: 'add' });
    expect((await denied.reply()).content).toBe('Manage Server required');

    const ix = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'add' });
    const modal = await ix.modal();
    expect(modal.custom_id).toBe('server:add');
    await expect(ix.reply(200)).rejects.toThrow(/callback type 9/);
    await expect(double.submitModal({ guildId: GUILD, userId: ADMIN, customId: 'server:add', fields: { port: '2022' } })).rejects.toThrow(/host is required/);
    const submit = await double.submitModal({ guildId: GUILD, userId: ADMIN, customId: 'server:add', fields: { host: 'game.example.org' } });
    expect((await submit.reply()).content).toBe('saved game.example.org:22');
  });

  it('button click on a bot message + interaction.update; select + deferUpdate + editReply', async () => {
    const ix = await double.slash({ guildId: GUILD, userId: MEMBER, command: 'panel' });
    const panel = await ix.reply();
    expect(panel.components).toHaveLength(2);
    const click = await double.clickButton({ userId: MEMBER, message: panel, customId: 'panel:next' });
    expect((await click.response()).type).toBe(7);
    const updated = await click.reply();
    expect(updated.id).toBe(panel.id);
    expect(updated.content).toBe(`page 2 (from ${panel.id})`);
    expect(updated.components).toHaveLength(0);
    expect(double.message(panel.id)?.content).toBe(updated.content);
    await expect(double.clickButton({ userId: MEMBER, message: panel, customId: 'panel:next' })).rejects.toThrow(/no component/);

    const ix2 = await double.slash({ guildId: GUILD, userId: MEMBER, command: 'panel' });
    const panel2 = await ix2.reply();
    const pick = await double.selectMenu({ userId: MEMBER, message: panel2, customId: 'panel:color', values: ['blue'] });
    expect((await pick.response()).type).toBe(6);
    expect((await pick.reply()).content).toBe('color blue');
  });

  it('autocomplete returns the choices; option validation follows the registered command', async () => {
    const choices = await double.autocomplete({ guildId: GUILD, userId: MEMBER, command: 'stats', subcommand: 'player', options: { name: 'al' }, focused: 'name' });
    expect(choices.map((c) => c.value)).toEqual(['Alpha', 'Alfred']);
    await expect(double.slash({ guildId: GUILD, userId: MEMBER, command: 'stats', subcommand: 'player', options: {} })).rejects.toThrow(/required option "name"/);
    await expect(double.slash({ guildId: GUILD, userId: MEMBER, command: 'nope' })).rejects.toThrow(/not a registered command/);
  });

  it('nonce + enforce_nonce: posting twice yields one message', async () => {
    const channel = client.channels.cache.get(TEXT) as TextChannel;
    const a = await channel.send({ content: 'kill #1', nonce: 'feed-1', enforceNonce: true });
    const b = await channel.send({ content: 'kill #1', nonce: 'feed-1', enforceNonce: true });
    expect(b.id).toBe(a.id);
    expect(double.channelMessages(TEXT).filter((m) => m.content === 'kill #1')).toHaveLength(1);
    await a.edit({ content: 'kill #1 (edited)' });
    expect(double.message(a.id)?.content).toBe('kill #1 (edited)');
    await a.delete();
    expect(double.channelMessages(TEXT).some((m) => m.id === a.id)).toBe(false);
  });

  it('a 429 fault is retried by discord.js and then succeeds', async () => {
    double.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 429, retryAfter: 0.05 });
    const mark = double.mark();
    const channel = client.channels.cache.get(TEXT) as TextChannel;
    const msg = await channel.send('after rate limit');
    const posts = double.requests.filter((r) => r.seq > mark && r.method === 'POST');
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(posts[0]?.injected).toBe(true);
    expect(double.message(msg.id)?.content).toBe('after rate limit');
  });

  it('renames a channel; the double records it', async () => {
    const voice = client.channels.cache.get(VOICE) as VoiceChannel;
    await voice.setName('🟢 23/60');
    expect(double.channel(VOICE)?.name).toBe('🟢 23/60');
    expect(double.channel(VOICE)?.names).toEqual(['players', '🟢 23/60']);
  });

  it('close 4000: the client resumes and a dispatch sent during the gap arrives', async () => {
    const identifies = double.gateway.identifies.length;
    const session = double.gateway.live(0);
    double.closeGateway(4000);
    const renamed = new Promise<string>((resolve) => client.once(Events.ChannelUpdate, (_old, ch) => resolve('name' in ch ? String(ch.name) : '')));
    double.dispatch('CHANNEL_UPDATE', { ...double.channelJson(TEXT), name: 'killfeed-2' });
    expect(await renamed).toBe('killfeed-2');
    expect(double.gateway.identifies.length).toBe(identifies);
    expect(double.gateway.live(0)).toBe(session);
    expect(session?.resumes).toBe(1);

    // 1000: a fresh identify; interactions work on the new session.
    double.closeGateway(1000);
    await double.waitUntil(() => (double.gateway.identifies.length > identifies ? true : undefined), 10_000, 're-identify');
    const ix = await double.slash({ guildId: GUILD, userId: MEMBER, command: 'ping' });
    expect((await ix.reply()).content).toContain('pong');
  });

  it('schema: valid traffic had no violations; an invalid body is rejected and recorded', async () => {
    expect(double.schemaViolations).toEqual([]);
    expect(double.unhandled).toEqual([]);
    expect([...double.unvalidatedRoutes]).toEqual([]);
    const err = await client.rest.post(Routes.channelMessages(TEXT), { body: { embeds: [{ title: 'x'.repeat(300) }] } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(50035);
    expect(double.schemaViolations).toHaveLength(1);
    expect(double.schemaViolations[0]?.route).toBe('POST /channels/{channel_id}/messages');
    expect(double.schemaViolations[0]?.issues[0]?.path).toEqual(['embeds', 0, 'title']);

    await client.rest.get('/voice/regions').catch(() => undefined);
    expect(double.unhandled.map((r) => r.path)).toEqual(['/voice/regions']);
  });

  it('refuses what Discord refuses beyond the schema: 6,000 embed characters, 10 embeds, 2,000 characters of content', async () => {
    const before = double.schemaViolations.length;
    const post = (body: object) => client.rest.post(Routes.channelMessages(TEXT), { body }).then(() => null, (e: unknown) => e as DiscordAPIError);
    // Each embed within its own limits; together 6 × 1,001 = 6,006 characters.
    const sixThousandAndSix = Array.from({ length: 6 }, (_, i) => ({ title: String(i), description: 'x'.repeat(1000) }));
    const refused = [
      await post({ embeds: sixThousandAndSix }),
      await post({ embeds: Array.from({ length: 11 }, (_, i) => ({ title: String(i) })) }),
      await post({ content: 'x'.repeat(2001) }),
    ];
    for (const err of refused) {
      expect(err).toBeInstanceOf(DiscordAPIError);
      expect([err!.status, err!.code, (err!.rawError as { message: string }).message]).toEqual([400, 50035, 'Invalid Form Body']);
    }
    const codes = double.schemaViolations.slice(before).map((v) => v.issues.map((i) => i.code));
    expect(codes[0]).toEqual(['MAX_EMBED_SIZE_EXCEEDED']);
    expect(codes[1]).toContain('BASE_TYPE_MAX_LENGTH');
    expect(codes[2]).toEqual(['BASE_TYPE_MAX_LENGTH']);

    // Discord counts code points: 4,000 emoji (8,000 UTF-16 units) in two embeds, and 2,000 in content, pass.
    const emoji = '😀'.repeat(2000);
    expect(await post({ embeds: [{ description: emoji }, { description: emoji }] })).toBeNull();
    expect(await post({ content: emoji })).toBeNull();
    // Exactly at the limits passes too: 6 × 1,000 characters, 10 embeds, 2,000 characters.
    expect(await post({ embeds: sixThousandAndSix.map((e) => ({ description: e.description })) })).toBeNull();
    expect(await post({ embeds: Array.from({ length: 10 }, (_, i) => ({ title: String(i) })), content: 'y'.repeat(2000) })).toBeNull();
    expect(double.schemaViolations).toHaveLength(before + 3);
  });

  it('records the allowed_mentions of every message and message-bearing interaction response', async () => {
    const after = double.mark();
    await client.rest.post(Routes.channelMessages(TEXT), { body: { content: 'quiet @everyone', allowed_mentions: { parse: [] } } });
    await client.rest.post(Routes.channelMessages(TEXT), { body: { content: 'loud' } });
    await client.rest.post(Routes.channelMessages(TEXT), { body: { content: 'x'.repeat(2001), allowed_mentions: { parse: ['everyone'] } } }).catch(() => undefined);
    const ix = await double.slash({ guildId: GUILD, userId: MEMBER, command: 'ping' });
    await ix.reply();
    // A modal is not a message: nothing to record.
    const modal = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'add' });
    await modal.modal();
    const recorded = double.messageBodies.filter((b) => b.seq > after);
    expect(recorded.map((b) => [b.kind, b.allowedMentions, b.request.status])).toEqual([
      ['channel', { parse: [] }, 200],
      ['channel', undefined, 200],
      // Recorded even when Discord refuses the body.
      ['channel', { parse: ['everyone'] }, 400],
      // This test client sets no default, so discord.js sends none.
      ['callback', undefined, 204],
    ]);
  });
});

describe('DiscordDouble: shards, restarts, faults', () => {
  const G1 = '1200000000000000001'; // shard (id >> 22) % 2
  const G2 = '1200000000004194305';
  let double: DiscordDouble;

  beforeAll(async () => {
    const guild = (id: string, ch: string) => ({
      id,
      name: `guild ${id}`,
      ownerId: ADMIN,
      channels: [{ id: ch, name: 'general', type: 'text' as const }],
      members: [{ id: MEMBER, username: 'member' }],
    });
    double = await DiscordDouble.start({
      applicationId: '1000000000000000001',
      botUserId: '1000000000000000002',
      token: 'test-token',
      shards: 2,
      callbackDeadlineMs: 300,
      guilds: [guild(G1, '1200000000000000011'), guild(G2, '1200000000000000021')],
    });
  });
  afterAll(async () => {
    await double?.stop();
  });

  async function startBot(): Promise<Client> {
    const client = new Client({ intents: [GatewayIntentBits.Guilds], shards: 'auto', ...double.clientOptions() });
    client.on(Events.InteractionCreate, (i) => {
      if (i.isChatInputCommand()) void i.reply({ content: `shard ${i.guild?.shardId ?? -1}` }).catch(() => undefined);
    });
    const ready = once(client, Events.ClientReady);
    await client.login(double.token);
    await ready;
    return client;
  }

  it('routes guilds and interactions to their shard; a restarted bot identifies again', async () => {
    expect((BigInt(G1) >> 22n) % 2n).not.toBe((BigInt(G2) >> 22n) % 2n);
    const first = await startBot();
    expect(first.guilds.cache.size).toBe(2);
    expect(double.gateway.identifies.map((d) => d.shard)).toEqual(expect.arrayContaining([[0, 2], [1, 2]]));
    await first.destroy();
    const second = await startBot();
    try {
      expect(double.gateway.identifies).toHaveLength(4);
      for (const g of [G1, G2]) {
        const ix = await double.slash({ guildId: g, userId: MEMBER, command: 'anything' });
        expect((await ix.reply()).content).toBe(`shard ${Number((BigInt(g) >> 22n) % 2n)}`);
      }
      // 500 then success: discord.js retries 5xx at once.
      double.failNext({ path: /\/messages$/, status: 500 });
      const ch = second.channels.cache.get('1200000000000000011') as TextChannel;
      await ch.send('after 500');
      expect(double.requestsTo('POST', /messages$/).map((r) => r.status)).toEqual([500, 200]);
    } finally {
      await second.destroy();
    }
  });

  it('a callback after the deadline gets 10062 Unknown interaction', async () => {
    const client = new Client({ intents: [GatewayIntentBits.Guilds], shards: 'auto', ...double.clientOptions() });
    let failed: (e: unknown) => void = () => undefined;
    const failure = new Promise<unknown>((resolve) => (failed = resolve));
    client.on(Events.InteractionCreate, (i) => {
      if (!i.isChatInputCommand()) return;
      setTimeout(() => void i.reply('too late').catch(failed), 400);
    });
    const ready = once(client, Events.ClientReady);
    await client.login(double.token);
    await ready;
    try {
      const ix = await double.slash({ guildId: G1, userId: MEMBER, command: 'slow' });
      expect(((await failure) as DiscordAPIError).code).toBe(10062);
      expect(ix.callbacks()[0]?.status).toBe(404);
      expect(ix.original()).toBeUndefined();
    } finally {
      await client.destroy();
    }
  });
});

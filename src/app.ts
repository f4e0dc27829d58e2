import { Events, type Interaction } from 'discord.js';
import { createClient, isFirstShard, shardIdsOf } from './discord/client.js';
import { CanvasService } from './canvas/service.js';
import type { Config } from './config.js';
import { collections, ensureIndexes } from './db/collections.js';
import { runMigrations } from './db/migrate.js';
import { MIGRATIONS } from './db/migrations/index.js';
import { connectMongo } from './db/mongo.js';
import { Dispatcher } from './framework/dispatcher.js';
import { loadCommandModules } from './framework/registry.js';
import { syncCommands } from './framework/sync.js';
import { GuildStorage } from './health/guildStorage.js';
import type { Logger } from './logger.js';
import { GuildConfigRepo } from './repos/guildConfigRepo.js';
import { MemberStatsRepo } from './repos/memberStatsRepo.js';
import { PremiumChangeLog } from './premium/changes.js';
import { PremiumService } from './premium/service.js';
import { Earnings } from './economy/earnings.js';
import { Economy } from './economy/economy.js';
import { startGames } from './games/wiring.js';
import { ecoSettingsReader } from './economy/settings.js';
import { ProfileCards } from './profile/cards.js';
import { IngestEngine } from './ingest/engine.js';
import { ingestCollections } from './ingest/store.js';
import { kicksToAudit } from './ingest/kicks.js';
import { LinkRepo } from './stats/links.js';
import { factionPartsOf } from './factions/wiring.js';
import { bountyServiceOf, killsHookOf, startBountyExpiry } from './bounties/wiring.js';
import { statsPartsOf } from './stats/wiring.js';
import { linkedNamesOf } from './stats/linkedNames.js';
import { restMemberNames } from './boards/names.js';
import { encodeCustomId } from './framework/customId.js';
import { SecretBox } from './security/secrets.js';
import { DiscordServerAlerts } from './servers/alerts.js';
import { watchFeedPermissions } from './servers/feedWatch.js';
import { GuildDepartures, watchDepartures } from './servers/guildDeparture.js';
import { GameServers } from './servers/gameServers.js';
import { leaseSlot } from './servers/leases.js';
import { ServerRepo } from './servers/repo.js';
import { SftpPool } from './sftp/pool.js';
import type { AppServices } from './services/container.js';
import { ErrorTelemetry } from './services/errorTelemetry.js';
import { Lifecycle } from './services/lifecycle.js';
import { Metrics } from './services/metrics.js';
import { serveHealth } from './services/healthWiring.js';
import { RateLimiter } from './services/rateLimiter.js';
import { Retention } from './services/retention.js';
import { guildsAfter, guildStorageSources } from './services/guildStorageSources.js';
import { UsageStats } from './services/usageStats.js';
import { VERSION } from './version.js';
import { AuditLog } from './audit/auditLog.js';
import { boardServiceOf } from './boards/wiring.js';
import { statusBoardServiceOf } from './boards/statusWiring.js';
import { QueryPoller } from './servers/queryPoller.js';
import { adminPostsOf } from './servers/adminPosts.js';

/**
 * Boots the bot: database (with migrations and indexes), command modules, the Discord client and the
 * health server. Returns the services and the lifecycle that stops them in reverse order.
 */
export async function startBot(config: Config, logger: Logger): Promise<AppServices> {
  const lifecycle = new Lifecycle(logger);
  const { client: mongo, db } = await connectMongo(config.MONGODB_URI, logger);
  lifecycle.onShutdown('mongodb', () => mongo.close());

  const migration = await runMigrations(db, MIGRATIONS, logger);
  if (migration.applied.length) logger.info({ applied: migration.applied }, 'migrations applied');
  const cols = collections(db);
  await ensureIndexes(cols);

  const commands = await loadCommandModules();
  const client = createClient(config);
  const sftp = new SftpPool({
    allowPrivate: config.ALLOW_PRIVATE_SFTP_HOSTS,
    logger,
    ...(config.SFTP_MAX_CONNECTIONS ? { globalMax: config.SFTP_MAX_CONNECTIONS } : {}),
  });
  lifecycle.onShutdown('sftp pool', () => sftp.close());
  const guildConfigs = new GuildConfigRepo(cols.guildConfigs);
  // A guild that never chose a locale reads its preferred locale in Discord.
  guildConfigs.usePreferredLocales((guildId) => client.guilds.cache.get(guildId)?.preferredLocale);
  const memberStats = new MemberStatsRepo(cols.memberStats);
  const servers = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(config.SECRETS_KEY));
  // Credit entries a crash left unfinished are completed before anything can earn or spend.
  const economy = new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger: logger.child({ module: 'economy' }) });
  await economy.start();
  lifecycle.onShutdown('economy', () => economy.stop());
  // /coinflip, /slots, /blackjack; the sweep stands idle hands and settles a crash's leftovers (stopped before the economy).
  const ecoSettings = ecoSettingsReader(guildConfigs); // the amounts of /eco settings
  const games = startGames({ cols, economy, settingsOf: ecoSettings, logger: logger.child({ module: 'games' }) });
  lifecycle.onShutdown('games', () => games.sweep.stop());
  const retention = new Retention(cols, logger.child({ module: 'retention' }));
  // Documents per guild in the collections that grow with events: top guilds in /metrics, one on request.
  const guildStorage = new GuildStorage({
    sources: guildStorageSources(cols, ingestCollections(db)),
    guildsAfter: guildsAfter(cols.guildConfigs),
    onError: (err) => logger.warn({ err: err.message }, 'guild storage pass failed'),
  });
  const earnings = new Earnings({ links: cols.playerLinks, economy, settingsOf: ecoSettings });
  const links = new LinkRepo(cols.playerLinks, cols.linkClaims);
  const factionParts = factionPartsOf(db, cols, economy); // /faction; team kills and [TAG]s for the ingest
  const bounties = bountyServiceOf({ db, cols, ledger: economy.ledger, logger: logger.child({ module: 'bounties' }), factions: () => factionParts.factions, settingsOf: ecoSettings }); // /bounty
  // Reads, time windows, seasons and /compare; the engine's season and new-world hooks.
  const statsParts = statsPartsOf({
    db,
    cols,
    memberStats,
    guildConfigs,
    servers: () => gameServers,
    alerts: new DiscordServerAlerts(client, logger),
    askId: (serverId) => encodeCustomId('season', 'ask', serverId),
    logger,
  });
  const gameServers: GameServers = new GameServers({ // typed: the engine's hooks refer to it
    repo: servers,
    pool: sftp,
    tiers: guildConfigs,
    alerts: new DiscordServerAlerts(client, logger),
    engine: (hooks) =>
      new IngestEngine({
        db,
        rest: client.rest,
        logger: logger.child({ module: 'ingest' }),
        ...(config.POLL_MAX_MB ? { pollBytes: config.POLL_MAX_MB * 1024 * 1024 } : {}),
        ...(config.POLL_MAX_SECONDS ? { pollTimeMs: config.POLL_MAX_SECONDS * 1000 } : {}),
        // Credits for linked players' kills and the bounties they claim, paid with each batch before it commits.
        onKills: killsHookOf(earnings, bounties),
        // Deadside.log kicks in the audit log (/audit kind:kicks); `services` exists by the first poll.
        onKicks: (guildId, serverId, kicks) => kicksToAudit(services.audit)(guildId, serverId, kicks),
        // Kicks and flagged kills posted to the guild's admin channel, once each (through the outbox).
        adminPosts: adminPostsOf(guildConfigs, () => gameServers),
        // Feed posts, the player-count name and the listing notice in each guild's words.
        textsOf: (guildId) => guildConfigs.texts(guildId),
        // The `season` window counts from the guild's current season; a new world_N folder asks the admins about one.
        seasonOf: statsParts.seasonOf,
        onNewWorld: statsParts.onNewWorld,
        // Rich kill posts name the linked members (as text), looked up through REST with a bounded cache.
        linkedNames: linkedNamesOf(links, restMemberNames(client.rest), logger),
        ...factionParts.hooks, // team kills (counted and paid as none) and [TAG]s in the posts
        ...hooks,
      }),
    logger,
    // Connection tests share the pool's global connection cap.
    probe: { allowPrivate: config.ALLOW_PRIVATE_SFTP_HOSTS, slots: sftp },
    // Two processes (machines, or a rebalance) never poll one server: the lease holder does.
    leases: { col: cols.serverLeases, slot: leaseSlot(shardIdsOf(config, client)), leaseMs: config.LEASE_SECONDS * 1000 },
  });
  const services: AppServices = {
    config,
    logger,
    client,
    mongo,
    db,
    cols,
    guildConfigs,
    memberStats,
    stats: statsParts.stats,
    seasons: statsParts.seasons,
    links,
    gameServers,
    premium: new PremiumService({ configs: guildConfigs, changes: new PremiumChangeLog(cols.premiumChanges), tierChanged: (guildId) => gameServers.reconcile(guildId) }),
    telemetry: new ErrorTelemetry(cols.errors, logger, [config.DISCORD_TOKEN, ...config.SECRETS_KEY]),
    rateLimiter: new RateLimiter(),
    metrics: new Metrics(),
    usage: new UsageStats(memberStats),
    canvas: new CanvasService({ cols, tierOf: (guildId) => guildConfigs.tier(guildId), logger, onPixelPlaced: (e) => earnings.onPixelPlaced(e) }),
    economy,
    bounties,
    games: games.games,
    profiles: new ProfileCards(),
    // Boards are read by a new reader per look (no page cache: src/boards/wiring.ts).
    boards: boardServiceOf({ cols, client, logger, economy, guildConfigs, gameServers, alerts: new DiscordServerAlerts(client, logger), freshStats: statsParts.freshStats, tagsOf: factionParts.hooks.factionTagsOf }),
    statusBoards: statusBoardServiceOf({
      col: cols.statusBoards,
      ingest: ingestCollections(db),
      client,
      logger,
      guildConfigs,
      gameServers,
      linkedNames: linkedNamesOf(links, restMemberNames(client.rest), logger),
      adminChannel: async (guildId) => (await new DiscordServerAlerts(client, logger).guildChannel(guildId, await gameServers.list(guildId)))?.id ?? null,
    }),
    compare: statsParts.compare,
    audit: new AuditLog(cols.auditLog, logger.child({ module: 'audit' })),
    ...factionParts.services,
    lifecycle,
    version: VERSION,
    startedAt: new Date(),
  };

  // Pixels whose credit a crash interrupted are credited now, then every minute.
  await services.canvas.start();
  lifecycle.onShutdown('canvas bookkeeping', () => services.canvas.stop());
  // Command counts queued for their batched write are written before the database closes.
  lifecycle.onShutdown('usage counters', () => services.usage.stop());

  // Re-sealing is an explicit step (`npm run reseal`), never done at start: a machine still running with only
  // the old key must keep reading every record until all of them have the new key list.
  const oldKeyRecords = await servers.countOldKeys();
  if (oldKeyRecords) {
    logger.warn({ records: oldKeyRecords }, 'stored credentials are sealed with an older SECRETS_KEY: once every machine runs with the new key list, run `npm run reseal`, then drop the old key');
  }

  const dispatcher = new Dispatcher(commands, services);
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (lifecycle.isStopping) return;
    dispatcher.handle(interaction).catch((err: Error) => logger.error({ err }, 'interaction dispatch failed'));
  });
  client.on(Events.Error, (err) => logger.error({ err: err.message }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ code: event.code, shard }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway resumed'));
  lifecycle.onShutdown('discord', () => client.destroy());

  client.rest.setToken(config.DISCORD_TOKEN);
  if (isFirstShard(config, client)) {
    const target = { applicationId: config.DISCORD_APPLICATION_ID, guildId: config.DEV_GUILD_ID };
    await syncCommands(client.rest, cols.meta, target, commands.values(), logger);
  }

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(config.DISCORD_TOKEN);
  await ready;

  // Log ingestion: batches a crash left pending are applied before anything is posted, then each of this
  // process's guilds' servers is polled. Registered after the pool and client, so it stops before them.
  lifecycle.onShutdown('log ingestion', () => gameServers.stop());
  const polled = await gameServers.start([...client.guilds.cache.keys()]);
  client.on(Events.GuildCreate, (guild) => {
    gameServers.load([guild.id]).catch((err: Error) => logger.warn({ guildId: guild.id, err: err.message }, 'could not start polling a new guild'));
  });
  watchFeedPermissions(client, gameServers, logger);
  lifecycle.onShutdown('boards', services.boards.start()); // posted boards are edited from now on, stopped before the client
  services.statusBoards.start();
  lifecycle.onShutdown('statusBoards', () => services.statusBoards.stop());
  lifecycle.onShutdown('server query', new QueryPoller({ col: cols.gameServers, rest: client.rest, texts: (g) => guildConfigs.texts(g), allowPrivate: config.ALLOW_PRIVATE_SFTP_HOSTS, logger: logger.child({ module: 'query' }) }).start()); // A2S, every 30 s per server
  // Once per bot (shard 0's process): retention (canvas_log's per-guild bound), the storage figures, bounty refunds at expiry.
  if (isFirstShard(config, client)) [retention, guildStorage].forEach((loop) => loop.start());
  if (isFirstShard(config, client)) lifecycle.onShutdown('bounty expiry', await startBountyExpiry(bounties, logger));
  lifecycle.onShutdown('retention and guild storage', () => Promise.all([retention.stop(), guildStorage.stop()]).then(() => undefined));
  const departures = new GuildDepartures(db, cols, gameServers, logger.child({ module: 'departures' }));
  lifecycle.onShutdown('guild departures', watchDepartures(client, departures, logger, isFirstShard(config, client)));

  await serveHealth({ config, client, db, logger, lifecycle, metrics: services.metrics, gameServers, sftp, economy, retention, guildStorage });

  logger.info(
    { user: client.user?.tag, guilds: client.guilds.cache.size, gameServers: polled, commands: [...commands.keys()], version: VERSION, shard: shardIdsOf(config, client) },
    'bot ready',
  );
  return services;
}

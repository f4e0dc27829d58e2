/**
 * A premium change reaches running pollers without a restart: GameServers over real parts (sshd on
 * loopback, the SFTP pool, the ingestion engine, jongodb). Grants and revokes go through PremiumService,
 * which has the reconcile apply them; an expiry or another process's change is written straight into
 * MongoDB, and the cached config is dropped as its 60 s TTL would. Reads apply nothing: the sweep the timer
 * runs once a minute does, called directly here (no timed assertion).
 */
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameServer, GuildConfig } from '../../../src/db/schemas.js';
import { IngestEngine } from '../../../src/ingest/index.js';
import { PremiumChangeLog } from '../../../src/premium/changes.js';
import { PremiumService } from '../../../src/premium/service.js';
import { TIERS } from '../../../src/premium/tiers.js';
import { GuildConfigRepo } from '../../../src/repos/guildConfigRepo.js';
import type { TierDowngrade } from '../../../src/servers/alerts.js';
import { GameServers } from '../../../src/servers/gameServers.js';
import { silentLogger } from '../../ingest/helpers.js';
import { startServersWorld, type ServersWorld } from '../../servers/world.js';

const GUILD = '1510000000000000001';
const ADMIN = '1510000000000000002';
const OPERATOR = '1510000000000000003';

let world: ServersWorld;
let servers: GameServers;
let premium: PremiumService;
const notices: TierDowngrade[] = [];
const built: GameServers[] = [];

/** A GameServers as one bot process builds it; `configs` is that process's own cached config reader. */
function build(configs: GuildConfigRepo): GameServers {
  const gameServers = new GameServers({
    repo: world.repo,
    pool: world.pool,
    tiers: configs,
    alerts: {
      hostKeyChanged: async () => undefined,
      credentialsUnreadable: async () => undefined,
      importedServer: async () => undefined,
      tierDowngraded: async (downgrade) => void notices.push(downgrade),
    },
    // No feed channel is set: the engine never posts, so REST points nowhere.
    engine: (hooks) => new IngestEngine({ db: world.mongo.db, rest: new REST({ api: 'http://127.0.0.1:9/api' }), logger: silentLogger, ...hooks }),
    logger: silentLogger,
    probe: { allowPrivate: true, slots: world.pool },
    // The once-a-minute sweep is run by hand here, so no timer runs it meanwhile.
    tierSweepMs: 3_600_000,
  });
  built.push(gameServers);
  return gameServers;
}

async function add(name: string): Promise<GameServer> {
  const proposal = await servers.proposeAdd(GUILD, ADMIN, world.form(name), false);
  await servers.trust(GUILD, ADMIN, proposal.pendingId);
  return (await world.repo.list(GUILD)).find((s) => s.name === name)!;
}

const stored = async (id: string) => (await world.repo.get(GUILD, id))!;
const pollSeconds = (id: string) => servers.pollTarget(id)?.pollSeconds;

/** Writes the grant as another process (or time) would, and drops the cached copies as their TTL would. */
async function setPremiumBehindTheBot(premiumDoc: GuildConfig['premium'], ...repos: GuildConfigRepo[]): Promise<void> {
  await world.cols.guildConfigs.updateOne({ _id: GUILD }, { $set: { premium: premiumDoc } });
  for (const repo of [world.guildConfigs, ...repos]) repo.invalidate(GUILD);
}

let a: GameServer;
let b: GameServer;
let c: GameServer;

beforeAll(async () => {
  world = await startServersWorld();
  servers = build(world.guildConfigs);
  premium = new PremiumService({ configs: world.guildConfigs, changes: new PremiumChangeLog(world.cols.premiumChanges), tierChanged: (g) => servers.reconcile(g) });
  await servers.start([GUILD]);
}, 60_000);

afterAll(async () => {
  for (const gameServers of built) await gameServers.stop();
  await world?.stop();
});

describe('premium tier changes reach running pollers', () => {
  it('a grant raises the limits at once: more servers, a faster poll', async () => {
    a = await add('Oldest');
    await expect(servers.proposeAdd(GUILD, ADMIN, world.form('Second'), false)).rejects.toThrow(/limit of the Free tier/);
    await premium.grant({ guildId: GUILD, tier: 'pro', days: 30, byUserId: OPERATOR });
    b = await add('Second');
    c = await add('Third');
    await servers.updateSettings(await stored(a._id), { pollSeconds: 15 });
    expect(pollSeconds(a._id)).toBe(15);
    expect([b, c].every((s) => servers.isPolled(s._id))).toBe(true);
  });

  it('an expiry seen by the sweep slows the poller to the Free floor and pauses the newest servers, telling the admins once', async () => {
    await setPremiumBehindTheBot({ tier: 'pro', expiresAt: new Date(Date.now() - 1000) });
    expect(pollSeconds(a._id)).toBe(15); // nothing changes until the sweep applies it
    // A read changes nothing: the list still shows what the last reconcile stored.
    expect((await servers.list(GUILD)).map((s) => s.status.tierPaused ?? null)).toEqual([null, null, null]);
    expect(pollSeconds(a._id)).toBe(15);
    await servers.sweepTiers();

    expect(pollSeconds(a._id)).toBe(TIERS.free.minPollSeconds);
    expect(servers.isPolled(a._id)).toBe(true);
    expect(servers.isPolled(b._id) || servers.isPolled(c._id)).toBe(false);
    const [sa, sb, sc] = await Promise.all([stored(a._id), stored(b._id), stored(c._id)]);
    expect(sa.status.tierPaused ?? null).toBeNull();
    expect(sb.status.tierPaused).toBeInstanceOf(Date);
    expect(sc.status.tierPaused).toBeInstanceOf(Date);
    // The admin's own setting and pause flag are left as they were.
    expect(sa.settings).toMatchObject({ pollSeconds: 15, paused: false });
    expect(sb.settings.paused).toBe(false);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ guildId: GUILD, from: 'pro', to: 'free' });
    expect(notices[0]!.paused.map((s) => s.name)).toEqual(['Second', 'Third']);

    await servers.sweepTiers();
    await servers.list(GUILD);
    expect(notices).toHaveLength(1);
  });

  it('another process that sees the same downgrade neither tells the admins again nor polls a paused server', async () => {
    const other = build(new GuildConfigRepo(world.cols.guildConfigs));
    await other.load([GUILD]);
    expect(other.pollTarget(a._id)?.pollSeconds).toBe(TIERS.free.minPollSeconds);
    expect(other.isPolled(b._id) || other.isPolled(c._id)).toBe(false);
    expect(notices).toHaveLength(1);
  });

  it('removing a server lets the oldest paused one resume within the limit', async () => {
    await premium.grant({ guildId: GUILD, tier: 'pro', days: 1, byUserId: OPERATOR });
    expect([a, b, c].every((s) => servers.isPolled(s._id))).toBe(true);
    const d = await add('Fourth');
    await setPremiumBehindTheBot({ tier: 'free', expiresAt: null });
    await servers.sweepTiers();
    expect(notices).toHaveLength(2);
    expect(notices[1]).toMatchObject({ from: 'pro', to: 'free' });
    expect(notices.at(-1)!.paused.map((s) => s.name)).toEqual(['Second', 'Third', 'Fourth']);

    await servers.remove(await stored(a._id));
    expect(servers.isPolled(b._id)).toBe(true);
    expect((await stored(b._id)).status.tierPaused).toBeNull();
    expect(servers.isPolled(c._id) || servers.isPolled(d._id)).toBe(false);
    expect(pollSeconds(b._id)).toBe(TIERS.free.minPollSeconds);
  });

  it('a re-grant resumes paused servers by themselves, at the tier’s floor', async () => {
    const before = notices.length;
    await premium.grant({ guildId: GUILD, tier: 'pro', days: 7, byUserId: OPERATOR });
    const all = await world.repo.list(GUILD);
    expect(all.map((s) => s.status.tierPaused ?? null)).toEqual([null, null, null]);
    expect(all.every((s) => servers.isPolled(s._id))).toBe(true);
    await servers.updateSettings(await stored(b._id), { pollSeconds: 15 });
    expect(pollSeconds(b._id)).toBe(15);
    expect(notices).toHaveLength(before);
  });

  it('concurrent reconciles in two processes that meet the same downgrade post one notice', async () => {
    const mine = new GuildConfigRepo(world.cols.guildConfigs);
    const theirs = new GuildConfigRepo(world.cols.guildConfigs);
    const p1 = build(mine);
    const p2 = build(theirs);
    await Promise.all([p1.load([GUILD]), p2.load([GUILD])]);
    const before = notices.length;
    await setPremiumBehindTheBot({ tier: 'free', expiresAt: null }, mine, theirs);
    await Promise.all([p1.sweepTiers(), p2.sweepTiers(), p1.reconcile(GUILD), p2.reconcile(GUILD), servers.sweepTiers()]);
    expect(notices).toHaveLength(before + 1);
    expect(notices.at(-1)).toMatchObject({ from: 'pro', to: 'free' });
    expect(pollSeconds(b._id)).toBe(TIERS.free.minPollSeconds);
    expect(servers.isPolled(c._id)).toBe(false);
  });
});

/**
 * The board updater through discord.js REST against the Discord double, on MongoDB, with the clock
 * moved by the test: a posted board is edited in place (never re-posted) once its interval passed and
 * only when it changed; a deleted message is posted again once, the admins told; a channel that refuses
 * the bot, a deleted channel and the tier's count pause it; a picture is replaced, not added.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BoardService } from '../../src/boards/service.js';
import { BOARD_PAUSED_RETRY_MS } from '../../src/boards/updater.js';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import type { TierName } from '../../src/premium/tiers.js';
import type { RankedPlayer } from '../../src/ingest/rank.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { Perm } from '../support/discord-double/permissions.js';
import { recordingClient, startMongo, type TestMongo } from '../support/mongo.js';
import { restFor, silentLogger } from '../ingest/helpers.js';
import { enUS, player } from '../stats/helpers.js';
import { decode } from '../profile/helpers.js';

const GUILD = '1600000000000000100';
const BOARDS = '1600000000000000110';
const OTHER = '1600000000000000111';
const ADMIN_CHANNEL = '1600000000000000112';
const ADMIN = '1600000000000000301';
const MIN = 60_000;

let mongo: TestMongo;
let cols: Collections;
let double: DiscordDouble;
let service: BoardService;
let now = new Date('2025-05-01T12:00:00Z');
let tier: TierName = 'free';
let players: RankedPlayer[] = [];

const advance = (ms: number) => (now = new Date(now.getTime() + ms));
const killers = (...kills: number[]) => kills.map((k, i) => player({ playerId: String(i).padStart(32, '0'), name: `P${i}`, nameLower: `p${i}`, kills: k }));
/** Requests and messages of the running test only (the double lives for the file). */
let mark = 0;
let before = new Set<string>();
const since = (method: string, path: RegExp) => double.requestsTo(method, path).filter((r) => r.seq >= mark);
const posts = (channelId: string) => since('POST', new RegExp(`^/channels/${channelId}/messages$`));
const edits = (channelId: string) => since('PATCH', new RegExp(`^/channels/${channelId}/messages/`));
const messages = (channelId: string) => double.channelMessages(channelId).filter((m) => !before.has(m.id));
const stored = async (id: string) => (await cols.boards.findOne({ _id: id }))!;
const lines = (channelId: string, messageId: string) => double.channelMessages(channelId).find((m) => m.id === messageId)?.embeds[0]?.description?.split('\n');

async function post(over: Partial<Parameters<BoardService['post']>[0]> = {}) {
  return service.post({ guildId: GUILD, channelId: BOARDS, board: 'kills', window: 'all', serverId: null, image: false, createdBy: ADMIN, ...over });
}

function serviceOn(col: Collections['boards']): BoardService {
  return new BoardService({
    col,
    rest: restFor(double.apiBase, double.token),
    logger: silentLogger,
    now: () => now,
    adminChannel: async () => ADMIN_CHANNEL,
    content: {
      sources: {
        // Ranked as the stats reader ranks a kills board: most first, ties by name.
        players: async (_g, _b, page, size) => {
          const ranked = [...players].sort((a, b) => b.kills - a.kills || a.nameLower.localeCompare(b.nameLower));
          return { total: ranked.length, current: page, players: ranked.slice((page - 1) * size, page * size) };
        },
        creditHolders: async () => 0,
        creditTop: async () => [],
        pixelPlacers: async () => [],
      },
      texts: async () => enUS,
      tierOf: async () => tier,
      serverName: async () => 'EU One',
    },
  });
}

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  double = await DiscordDouble.start({
    applicationId: '1600000000000000001',
    botUserId: '1600000000000000002',
    token: 'boards-test-token',
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [
          { id: BOARDS, name: 'boards', type: 'text' },
          { id: OTHER, name: 'other', type: 'text' },
          { id: ADMIN_CHANNEL, name: 'admin', type: 'text' },
        ],
        members: [{ id: ADMIN, username: 'admin', manageGuild: true }],
      },
    ],
  });
  service = serviceOn(cols.boards);
});

afterAll(async () => {
  await service?.stop();
  await double?.stop();
  await mongo?.stop();
});

beforeEach(async () => {
  mark = double.mark();
  before = new Set([BOARDS, OTHER, ADMIN_CHANNEL].flatMap((c) => double.channelMessages(c, { includeDeleted: true }).map((m) => m.id)));
  await cols.boards.deleteMany({});
  tier = 'free';
  players = killers(5, 3);
});

describe('a posted board', () => {
  it('is edited in place once its interval passed and it changed, never before, never re-posted', async () => {
    const { board, messageId, intervalMinutes } = await post();
    expect(intervalMinutes).toBe(60);
    expect(posts(BOARDS)).toHaveLength(1);
    expect(lines(BOARDS, messageId)).toEqual(['🥇 **P0** — 5 kills', '🥈 **P1** — 3 kills']);
    expect((await stored(board._id)).nextAt).toEqual(new Date(now.getTime() + 60 * MIN));

    players = killers(5, 7);
    advance(59 * MIN);
    expect(await service.updater.tick()).toBe(0);
    expect(edits(BOARDS)).toHaveLength(0);

    advance(MIN);
    expect(await service.updater.tick()).toBe(1);
    expect(edits(BOARDS)).toHaveLength(1);
    expect(edits(BOARDS)[0]!.path).toBe(`/channels/${BOARDS}/messages/${messageId}`);
    expect(lines(BOARDS, messageId)).toEqual(['🥇 **P1** — 7 kills', '🥈 **P0** — 5 kills']);
    expect(double.message(messageId)?.embeds[0]?.footer?.text).toBe('2 ranked · Updates every 60 min');
    expect(posts(BOARDS)).toHaveLength(1);

    // Unchanged: looked at, no request; the next look an interval later.
    advance(60 * MIN);
    const sent = since('PATCH', /./).length + since('POST', /./).length;
    expect(await service.updater.tick()).toBe(1);
    expect(since('PATCH', /./).length + since('POST', /./).length).toBe(sent);
    expect((await stored(board._id)).nextAt).toEqual(new Date(now.getTime() + 60 * MIN));
    expect(double.schemaViolations).toEqual([]);
  });

  it('follows the tier’s interval', async () => {
    tier = 'enterprise';
    const { board, intervalMinutes } = await post();
    expect(intervalMinutes).toBe(5);
    players = killers(9);
    advance(5 * MIN);
    await service.updater.tick();
    expect((await stored(board._id)).editedAt).toEqual(now);
  });

  it('is posted again once when its message was deleted, and the admins are told; deleted again, it stops', async () => {
    const { board, messageId } = await post();
    const rest = restFor(double.apiBase, double.token);
    await rest.delete(`/channels/${BOARDS}/messages/${messageId}`);
    players = killers(6, 3);
    advance(60 * MIN);
    await service.updater.tick();
    const again = await stored(board._id);
    expect(again.messageId).not.toBe(messageId);
    expect(again.reposted).toBe(true);
    expect(messages(BOARDS).map((m) => m.id)).toEqual([again.messageId]);
    expect(lines(BOARDS, again.messageId!)).toEqual(['🥇 **P0** — 6 kills', '🥈 **P1** — 3 kills']);
    const told = messages(ADMIN_CHANNEL);
    expect(told).toHaveLength(1);
    expect(told[0]!.embeds[0]?.title).toBe('📋 Board posted again');
    expect(told[0]!.embeds[0]?.description).toContain(`https://discord.com/channels/${GUILD}/${BOARDS}/${again.messageId}`);
    expect(told[0]!.embeds[0]?.description).toContain(`<@${ADMIN}>`);

    // Deleted again before any edit went through: it stops instead of fighting whoever deletes it.
    await rest.delete(`/channels/${BOARDS}/messages/${again.messageId}`);
    players = killers(7, 3);
    advance(60 * MIN);
    await service.updater.tick();
    const stopped = await stored(board._id);
    expect(stopped.pause?.reason).toBe('deleted');
    expect(stopped.nextAt).toBeNull();
    expect(messages(BOARDS)).toHaveLength(0);
    expect(messages(ADMIN_CHANNEL).map((m) => m.embeds[0]?.title)).toEqual(['📋 Board posted again', '⏸️ A board stopped updating']);
    advance(24 * 60 * MIN);
    expect(await service.updater.tick()).toBe(0);
  });

  it('pauses in a channel that refuses the bot, tells the admins once, and resumes when it may post again', async () => {
    const { board, messageId } = await post({ channelId: OTHER });
    double.setBotChannelPermissions(OTHER, { deny: Perm.ViewChannel });
    players = killers(8);
    advance(60 * MIN);
    await service.updater.tick();
    expect((await stored(board._id)).pause?.reason).toBe('permissions');
    expect((await stored(board._id)).nextAt).toEqual(new Date(now.getTime() + BOARD_PAUSED_RETRY_MS));
    advance(BOARD_PAUSED_RETRY_MS);
    await service.updater.tick();
    const notices = messages(ADMIN_CHANNEL).filter((m) => m.embeds[0]?.description?.includes(`<#${OTHER}>`));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.embeds[0]?.description).toContain('I need View Channel, Send Messages and Embed Links');

    double.setBotChannelPermissions(OTHER, {});
    advance(BOARD_PAUSED_RETRY_MS);
    await service.updater.tick();
    const resumed = await stored(board._id);
    expect(resumed.pause).toBeNull();
    expect(resumed.messageId).toBe(messageId);
    expect(lines(OTHER, messageId)).toEqual(['🥇 **P0** — 8 kills']);
  });

  it('pauses boards beyond the tier’s count after a downgrade (the newest), and resumes them with the tier', async () => {
    tier = 'supporter';
    const first = await post();
    advance(1);
    const second = await post();
    tier = 'free';
    players = killers(4, 4, 4);
    advance(30 * MIN);
    await service.updater.tick();
    expect((await stored(first.board._id)).pause).toBeNull();
    expect((await stored(second.board._id)).pause?.reason).toBe('tier');
    expect(messages(ADMIN_CHANNEL).at(-1)?.embeds[0]?.description).toContain('beyond what the **Free** tier allows (1 board)');
    tier = 'supporter';
    advance(BOARD_PAUSED_RETRY_MS);
    await service.updater.tick();
    expect((await stored(second.board._id)).pause).toBeNull();
    expect(lines(BOARDS, second.messageId)).toEqual(['🥇 **P0** — 4 kills', '🥈 **P1** — 4 kills', '🥉 **P2** — 4 kills']);
  });

  it('as a picture: the edit replaces the picture', async () => {
    const { messageId } = await post({ image: true });
    const first = double.message(messageId)!;
    expect(first.files.map((f) => f.name)).toEqual(['leaderboard.png']);
    expect(first.embeds[0]?.image?.url).toMatch(/\/leaderboard\.png$/);
    players = killers(50, 40, 30, 20);
    advance(60 * MIN);
    await service.updater.tick();
    const edited = double.message(messageId)!;
    expect(edited.files).toHaveLength(1);
    expect(edited.files[0]!.data.equals(first.files[0]!.data)).toBe(false);
    const img = await decode(edited.files[0]!.data);
    expect(img.width).toBe(800);
    expect(img.variance()).toBeGreaterThan(100);
  });

  it('is removed with its message', async () => {
    const { board, messageId } = await post();
    expect((await service.remove(GUILD, board._id))?._id).toBe(board._id);
    expect(double.message(messageId)?.deleted).toBe(true);
    expect(await service.list(GUILD)).toEqual([]);
    expect(await service.remove(GUILD, board._id)).toBeNull();
  });

  it('costs a bounded amount per look: an unchanged board its claim, its place count and one write, no Discord request', async () => {
    const { board } = await post();
    const rec = await recordingClient(mongo);
    try {
      const recorded = serviceOn(collections(rec.db).boards);
      advance(60 * MIN);
      const sent = since('PATCH', /./).length + since('POST', /./).length;
      rec.sent.length = 0;
      expect(await recorded.updater.tick()).toBe(1);
      // One read of the due index for the round, then claim, place count and the next look's time.
      expect(rec.sent.map((c) => `${c.name} ${c.collection}`)).toEqual(['find boards', 'update boards', 'aggregate boards', 'update boards']);
      expect(since('PATCH', /./).length + since('POST', /./).length).toBe(sent);
      expect((await stored(board._id)).nextAt).toEqual(new Date(now.getTime() + 60 * MIN));
    } finally {
      await rec.client.close();
    }
  });
});

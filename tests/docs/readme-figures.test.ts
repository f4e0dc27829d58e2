/**
 * The figures README.md states are the values the code uses: the premium tiers, the credit amounts, the
 * shop, and every stated limit that has a constant. Each check reads the README's figure (a table cell,
 * or the number in its sentence), formats the code's value the way the README writes it, and compares:
 * a change on either side fails here until the other follows.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CANVAS_SIZE } from '../../src/canvas/board.js';
import { DEFAULT_PALETTE } from '../../src/canvas/palette.js';
import { CANVAS_SIZES, TIMELAPSE_LIMITS } from '../../src/canvas/service.js';
import { TIMELAPSE_MAX_BUILDS } from '../../src/canvas/timelapseBuilds.js';
import give from '../../src/commands/give.js';
import { timelapse } from '../../src/commands/canvas/timelapse.js';
import { loadConfig } from '../../src/config.js';
import { ERROR_RETENTION_DAYS } from '../../src/db/collections.js';
import { MAX_LINE_BYTES } from '../../src/deadside/lineSplitter.js';
import { CREDITS } from '../../src/economy/amounts.js';
import { dailyAmountIn, ecoSettingsOf } from '../../src/economy/settings.js';
import { SHOP_ITEMS, type ShopItem } from '../../src/economy/shop.js';
import { AUTOCOMPLETE_RATE_LIMIT } from '../../src/framework/dispatcher.js';
import { DEFAULT_RATE_LIMIT } from '../../src/framework/middleware.js';
import type { RateLimitRule } from '../../src/framework/types.js';
import { POLL_BYTE_BUDGET, POLL_TIME_BUDGET_MS } from '../../src/ingest/budget.js';
import { POLL_CONCURRENCY } from '../../src/ingest/scheduler.js';
import { FOLDER_CHECK_MS, LOG_CHECK_MS } from '../../src/ingest/checkSchedule.js';
import { TIER_NAMES, TIERS } from '../../src/premium/tiers.js';
import { LINKS_LIST_MAX } from '../../src/commands/links/list.js';
import { CLAIMS_MAX_PER_GUILD, CLAIMS_PAGE_SIZE } from '../../src/stats/linkClaims.js';
import { LINKS_COUNT_MAX } from '../../src/stats/links.js';
import { DOWNLOAD_MAX_BYTES } from '../../src/servers/browse.js';
import { MAX_LIST_ENTRIES } from '../../src/sftp/connection.js';
import { DEFAULT_GLOBAL_MAX, DEFAULT_IDLE_TIMEOUT_MS } from '../../src/sftp/pool.js';
import { COUNTS_KEEP } from '../../src/ingest/statsCounts.js';
import { DUEL_SERVERS_MAX } from '../../src/stats/compareDuel.js';
import { COMPARE_CACHE_BYTES, COMPARE_MAX_RENDERS } from '../../src/stats/compareService.js';
import { BOARD_BATCH, BOARD_CLAIM_MS, BOARD_CONCURRENCY, BOARD_PAUSED_RETRY_MS, BOARD_TICK_MS } from '../../src/boards/updater.js';
import { BOARD_IMAGE_CACHE_BYTES, BOARD_IMAGE_RENDERS } from '../../src/stats/boardImages.js';
import { BOARD_IMAGE_MAX_ROWS, BOARD_IMAGE_WIDTH, boardImageLayout } from '../../src/stats/boardImageLayout.js';
import { QUERY_MAX_CHALLENGES, QUERY_MAX_REPLY_BYTES, QUERY_TIMEOUT_MS } from '../../src/query/a2s.js';
import { QUERY_MAX_FIELD_CHARS } from '../../src/query/a2sInfo.js';
import { QUERY_BATCH, QUERY_CONCURRENCY, QUERY_DOWN_AFTER, QUERY_INTERVAL_MS, QUERY_RESOLVE_TIMEOUT_MS, QUERY_TICK_MS } from '../../src/servers/queryPoller.js';
import { en, MiB, README, row, seconds, section, square, stated, statedEverywhere, table, windowOf, word } from './readme.js';

/** Today's /daily amount on day `streak` of a streak, with the default settings. */
const dailyAmount = (streak: number) => dailyAmountIn(ecoSettingsOf(null), streak);

const tiers = [...TIER_NAMES].sort((a, b) => TIERS[a].rank - TIERS[b].rank).map((name) => TIERS[name]);
const free = TIERS.free;
const top = tiers.at(-1)!;

/** A rule as the README writes it: [uses, window], e.g. ['5', '10 s'] or ['3', 'minute']. */
function rule(r: RateLimitRule | false | undefined): string[] {
  if (!r) throw new Error('no rate limit in the code');
  return [String(r.uses), windowOf(r.windowMs)];
}

describe('README: premium tiers (src/premium/tiers.ts)', () => {
  it('links: the tier’s count per member and the bounds of claims and listings', () => {
    const bounds = section('Security and limits');
    expect(stated(bounds, /at most the tier's number of players \(Free (\d+) … Enterprise (\d+)\)/), 'links per member').toEqual([String(free.links), String(top.links)]);
    expect(stated(bounds, /at most (\d+) pending claims/), 'pending claims').toEqual([String(CLAIMS_MAX_PER_GUILD)]);
    expect(stated(bounds, /`\/links review` shows\s+(\d+) claims a page and `\/links list` at most (\d+) links/), 'link pages').toEqual([String(CLAIMS_PAGE_SIZE), String(LINKS_LIST_MAX)]);
    expect(stated(bounds, /links are counted\s+up to ([\d,]+)\./), 'links counted').toEqual([LINKS_COUNT_MAX.toLocaleString('en-US')]);
    expect(stated(section('Player stats'), /up to the tier's count \(\[Premium\]\(#premium\): Free (\d+)\)/), 'Free links').toEqual([String(free.links)]);
  });

  it('the tier table is the code’s table', () => {
    const rows = table(section('Premium'), ['tier', 'game servers', 'fastest polling', 'canvas up to', 'pixel cooldown', 'boards', 'board updates', 'players per member', 'faction members']);
    expect(rows, 'README Premium table vs TIERS').toEqual(
      tiers.map((t) => [t.label, String(t.servers), seconds(t.minPollSeconds), square(t.canvasMaxSize), seconds(t.canvasCooldownSeconds), String(t.boards), `every ${t.boardIntervalMinutes} min`, String(t.links), String(t.factionMembers)]),
    );
  });

  it('the polling table polls at each tier’s fastest interval', () => {
    const rows = table(section('Polling: delay and cost'), ['tier', 'polls every', 'kill p50', 'kill p99', 'join p50', 'join p99']);
    expect(rows.map((r) => r.slice(0, 2)), 'README polling table vs TIERS minPollSeconds').toEqual(tiers.map((t) => [t.label, seconds(t.minPollSeconds)]));
  });

  it('the tier figures in the text', () => {
    expect(stated(section('Game servers (admins)'), /how many servers you can add \(Free: (\d+)\)/), 'Free servers').toEqual([String(free.servers)]);
    const canvas = section('Pixel canvas');
    expect(stated(canvas, /\((\d+×\d+) by default; premium unlocks up to (\d+×\d+)/), 'default and largest canvas').toEqual([square(DEFAULT_CANVAS_SIZE), square(top.canvasMaxSize)]);
    expect(stated(canvas, /\((\d+ s) on the free tier\)/), 'Free pixel cooldown').toEqual([seconds(free.canvasCooldownSeconds)]);
    expect(stated(canvas, /`\/canvas admin resize size:`: (\d+)–(\d+)/), 'CANVAS_SIZES').toEqual([String(Math.min(...CANVAS_SIZES)), String(Math.max(...CANVAS_SIZES))]);
    expect(stated(canvas, /the (\d+) free colours/), 'DEFAULT_PALETTE').toEqual([String(DEFAULT_PALETTE.length)]);
    const polling = section('Polling: delay and cost');
    expect(stated(polling, /at the fastest interval \((\d+ s)\)/), 'fastest tier interval').toEqual([seconds(top.minPollSeconds)]);
    expect(stated(polling, /all at the Free interval of (\d+ s)/), 'Free interval').toEqual([seconds(free.minPollSeconds)]);
  });
});

describe('README: economy (src/economy/amounts.ts, src/economy/shop.ts)', () => {
  const economy = section('Economy');
  const rows = table(economy, ['how', 'credits']);

  it('credits per kill and per pixel', () => {
    expect(row(rows, /^a kill by your linked player/)[1], 'CREDITS.kill').toBe(String(CREDITS.kill));
    expect(row(rows, /^a pixel you place/)[1], 'CREDITS.pixel').toBe(String(CREDITS.pixel));
  });

  it('the daily amount, its streak bonus per day, the cap and the day it is reached', () => {
    const cell = row(rows, /^`\/daily`/)[1]!;
    const [base, perDay, cap, day] = stated(cell, /^([\d,]+), plus ([\d,]+) for every further day of an unbroken streak \(at most \+([\d,]+), from day (\d+)\)$/);
    const { daily } = CREDITS;
    // The first streak day paying the whole bonus, from the code's own formula.
    let capDay = 1;
    while (dailyAmount(capDay) < daily.base + daily.maxStreakBonus) capDay++;
    expect({ base, perDay, cap, day }, 'README /daily row vs CREDITS.daily').toEqual({ base: en(daily.base), perDay: en(daily.perStreakDay), cap: en(daily.maxStreakBonus), day: String(capDay) });
    expect([dailyAmount(1), dailyAmount(2), dailyAmount(capDay + 5)]).toEqual([daily.base, daily.base + daily.perStreakDay, daily.base + daily.maxStreakBonus]);
  });

  it('the shop: how many colours and backgrounds, at what price', () => {
    const of = (kind: ShopItem['kind']) => {
      const items = SHOP_ITEMS.filter((i) => i.kind === kind);
      const prices = [...new Set(items.map((i) => i.price))];
      return [word(items.length), prices.length === 1 ? en(prices[0]!) : `several prices (${prices.join(', ')})`];
    };
    const [colours, colourPrice, backgrounds, backgroundPrice] = stated(economy, /\(`src\/economy\/shop\.ts`: (\w+) canvas colours at ([\d,]+), (\w+) profile backgrounds at ([\d,]+)\)/);
    expect([colours, colourPrice], 'shop colours: count, price').toEqual(of('color'));
    expect([backgrounds, backgroundPrice], 'shop backgrounds: count, price').toEqual(of('background'));
  });

  it('/give: the amounts it takes and its rate limit', () => {
    const amount = give.definition.options?.find((o) => o.name === 'amount') as { min_value?: number; max_value?: number } | undefined;
    expect(stated(economy, /\(([\d,]+) to ([\d,]+) at once\)/), '/give amount option min_value, max_value').toEqual([en(amount?.min_value ?? NaN), en(amount?.max_value ?? NaN)]);
    expect(amount?.max_value).toBe(CREDITS.maxGive);
    expect(stated(economy, /Up to (\d+) gifts per (\d+ s)/), '/give rate limit').toEqual(rule(give.rateLimit));
  });
});

describe('README: stated limits', () => {
  const limits = section('Security and limits');
  const config = table(section('Configuration'), ['variable', 'required', 'meaning']);
  const meaning = (variable: string) => row(config, new RegExp(`^\`${variable}\``))[2]!;
  const env = loadConfig({ DISCORD_TOKEN: 'token', DISCORD_APPLICATION_ID: '123456789012345678', SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') });

  it('configuration defaults', () => {
    expect(stated(meaning('LEASE_SECONDS'), /\(default (\d+),/), 'LEASE_SECONDS default').toEqual([String(env.LEASE_SECONDS)]);
    expect(stated(meaning('DISCORD_REST_RPS'), /\(default (\d+),/), 'DISCORD_REST_RPS default').toEqual([String(env.DISCORD_REST_RPS)]);
    // Unset in the config: the pool's and the poll budget's own defaults apply.
    expect([env.SFTP_MAX_CONNECTIONS, env.POLL_MAX_MB, env.POLL_MAX_SECONDS]).toEqual([undefined, undefined, undefined]);
    expect(stated(meaning('SFTP_MAX_CONNECTIONS'), /\(default (\d+):/), 'SFTP_MAX_CONNECTIONS default: DEFAULT_GLOBAL_MAX').toEqual([String(DEFAULT_GLOBAL_MAX)]);
    expect(statedEverywhere(meaning('POLL_MAX_MB'), /\(default ([\d,]+ \w+)\)/), 'POLL_MAX_MB / POLL_MAX_SECONDS defaults').toEqual([`${POLL_BYTE_BUDGET / MiB} MiB`, seconds(POLL_TIME_BUDGET_MS / 1000)]);
    expect(stated(README, /`SFTP_MAX_CONNECTIONS` defaults to ([\d,]+)/), 'DEFAULT_GLOBAL_MAX').toEqual([en(DEFAULT_GLOBAL_MAX)]);
  });

  it('bounded work per line and poll', () => {
    expect(stated(limits, /A log line longer than ([\d,]+ KiB)/), 'MAX_LINE_BYTES').toEqual([`${MAX_LINE_BYTES / 1024} KiB`]);
    expect(stated(limits, /at most `POLL_MAX_MB` \(([\d,]+ MiB)\) for at most `POLL_MAX_SECONDS` \(([\d,]+ s)\)/), 'poll budgets').toEqual([`${POLL_BYTE_BUDGET / MiB} MiB`, seconds(POLL_TIME_BUDGET_MS / 1000)]);
    expect(stated(README, /Polls run (\d+) at a time/), 'POLL_CONCURRENCY').toEqual([String(POLL_CONCURRENCY)]);
    expect(stated(README, /one connection per polled server \((\d+) minutes idle at most\)/), 'DEFAULT_IDLE_TIMEOUT_MS').toEqual([String(DEFAULT_IDLE_TIMEOUT_MS / 60_000)]);
  });

  it('the server query: interval, time-outs, reply size, work per tick, misses before down', () => {
    const figures = stated(
      limits,
      /A server is asked at most every (\d+ s), by one process .*?at most (\d+) challenges\) gives up after ([\d.]+ s), a name's resolution after (\d+ s), and a reply packet over ([\d,]+) bytes .*?cut to ([\d,]+) characters\. Every (\d+ s) a process asks at most ([\d,]+) due servers, (\d+) at a time/,
    );
    expect(figures, 'QUERY_* bounds').toEqual([
      seconds(QUERY_INTERVAL_MS / 1000),
      String(QUERY_MAX_CHALLENGES),
      seconds(QUERY_TIMEOUT_MS / 1000),
      seconds(QUERY_RESOLVE_TIMEOUT_MS / 1000),
      en(QUERY_MAX_REPLY_BYTES),
      en(QUERY_MAX_FIELD_CHARS),
      seconds(QUERY_TICK_MS / 1000),
      en(QUERY_BATCH),
      String(QUERY_CONCURRENCY),
    ]);
    expect(stated(section('Server query'), /asks each server at most every (\d+ s) .*?no answer (\w+) times in a row/), 'QUERY_INTERVAL_MS, QUERY_DOWN_AFTER').toEqual([seconds(QUERY_INTERVAL_MS / 1000), word(QUERY_DOWN_AFTER)]);
  });

  it('downloads and folder listings', () => {
    expect(stated(limits, /Downloads stop at ([\d,]+ MB), folder listings at ([\d,]+) entries/), 'DOWNLOAD_MAX_BYTES, MAX_LIST_ENTRIES').toEqual([`${DOWNLOAD_MAX_BYTES / MiB} MB`, en(MAX_LIST_ENTRIES)]);
    expect(stated(section('Game servers (admins)'), /the file as an attachment \(up to ([\d,]+ MB);/), 'DOWNLOAD_MAX_BYTES').toEqual([`${DOWNLOAD_MAX_BYTES / MiB} MB`]);
  });

  it('the timelapse: placements, frames, bytes, builds and its rate limit', () => {
    const [placements, frames, bytes, builds, uses, per] = stated(
      limits,
      /animates the latest ([\d,]+) placements in at most ([\d,]+) frames and ([\d,]+ MiB),.*?at most one build per guild and (\w+) per process, .*?(\d+) per member per (\w+)\./,
    );
    expect({ placements, frames, bytes, builds, rate: [uses, per] }, 'README timelapse limits').toEqual({
      placements: en(TIMELAPSE_LIMITS.maxPlacements),
      frames: en(TIMELAPSE_LIMITS.maxFrames),
      bytes: `${TIMELAPSE_LIMITS.maxBytes / MiB} MiB`,
      builds: word(TIMELAPSE_MAX_BUILDS),
      rate: rule(timelapse.rateLimit),
    });
    expect(stated(section('Pixel canvas'), /\(the latest ([\d,]+) pixels, up to ([\d,]+) frames; (\d+) per member per (\w+)\)/), 'timelapse in Pixel canvas').toEqual([
      en(TIMELAPSE_LIMITS.maxPlacements),
      en(TIMELAPSE_LIMITS.maxFrames),
      ...rule(timelapse.rateLimit),
    ]);
  });

  it('rate limits of commands and autocomplete', () => {
    expect(stated(limits, /Commands: (\d+) uses per (\d+ s) per member/), 'DEFAULT_RATE_LIMIT').toEqual(rule(DEFAULT_RATE_LIMIT));
    expect(stated(limits, /autocomplete: (\d+) per (\d+ s)/), 'AUTOCOMPLETE_RATE_LIMIT').toEqual(rule(AUTOCOMPLETE_RATE_LIMIT));
    expect(stated(README, /\((\d+) uses per (\d+ s) per command unless a command says otherwise\)/), 'DEFAULT_RATE_LIMIT').toEqual(rule(DEFAULT_RATE_LIMIT));
  });

  it('how long errors are kept', () => {
    expect(stated(README, /Errors are stored scrubbed of secrets and kept (\d+) days/), 'ERROR_RETENTION_DAYS').toEqual([String(ERROR_RETENTION_DAYS)]);
    // The imported records: "the 90-day expiry", "expire 90 days after the import".
    expect([...new Set(statedEverywhere(section('Migrating from the old bot'), /(\d+)[- ]days?\b/))], 'ERROR_RETENTION_DAYS (legacy errors)').toEqual([String(ERROR_RETENTION_DAYS)]);
  });
});

describe('README: /compare (src/stats/compareDuel.ts, src/stats/compareService.ts)', () => {
  it('the duel read, the card cache and renders, the count arrays older duels come from', () => {
    const limits = section('Security and limits');
    const [servers, cache, renders] = stated(limits, /for the duel, 4 documents by id per server \(at most (\d+) servers, the busiest; cards cached by what they show, (\d+ MiB) per process, at most (\d+) drawn at once\)/);
    expect({ servers, cache, renders }, 'README /compare limits').toEqual({ servers: String(DUEL_SERVERS_MAX), cache: `${COMPARE_CACHE_BYTES / MiB} MiB`, renders: String(COMPARE_MAX_RENDERS) });
    expect(stated(section('Player stats'), /exact for each player's (\d+) most killed victims and (\d+) most frequent killers/), 'COUNTS_KEEP').toEqual([String(COUNTS_KEEP), String(COUNTS_KEEP)]);
  });
});

describe('README: boards (src/boards/updater.ts, src/stats/boardImages.ts, src/premium/tiers.ts)', () => {
  it('the updater’s bounds, the pictures’ cache and size, the Free tier’s figures', () => {
    const limits = section('Security and limits');
    const [tick, batch, concurrency, perMinute, claim, renders, cache, size] = stated(
      limits,
      /Every (\d+ s) each process\s+takes at most (\d+) due boards .*?at most (\d+)\s+worked on at once.*?at most (\d+) edits a minute per process.*?claimed for (\d+) minutes.*?drawn at most (\d+) at a time per process and kept by content \((\d+ MiB) per process\).*?a picture is at most (\d+×\d+)\./s,
    );
    const largest = boardImageLayout(0, BOARD_IMAGE_MAX_ROWS);
    expect({ tick, batch, concurrency, perMinute, claim, renders, cache, size }, 'README board limits').toEqual({
      tick: seconds(BOARD_TICK_MS / 1000),
      batch: String(BOARD_BATCH),
      concurrency: String(BOARD_CONCURRENCY),
      perMinute: String((BOARD_BATCH * 60_000) / BOARD_TICK_MS),
      claim: String(BOARD_CLAIM_MS / 60_000),
      renders: String(BOARD_IMAGE_RENDERS),
      cache: `${BOARD_IMAGE_CACHE_BYTES / MiB} MiB`,
      size: `${BOARD_IMAGE_WIDTH}×${largest.height}`,
    });
    expect(stated(limits, /number of boards \(Free (\d+) … Enterprise (\d+)\)/), 'board counts').toEqual([String(free.boards), String(top.boards)]);
    const boards = section('Boards');
    expect(stated(boards, /\(Free: every (\d+) min,/), 'Free board interval').toEqual([String(free.boardIntervalMinutes)]);
    expect(stated(boards, /tier's number of boards \(Free: (\d+)\)/), 'Free board count').toEqual([String(free.boards)]);
    expect(BOARD_PAUSED_RETRY_MS, 'paused boards are tried again every hour').toBe(3_600_000);
    expect(stated(boards, /it is tried again every (hour)/)).toEqual(['hour']);
  });

  it('the idle check’s schedule', () => {
    const limits = section('Polling: delay and cost');
    expect(stated(limits, /`Deadside.log` at least every (\d+ s); the server's `deathlogs` folder, each `world_N`\s+folder and the other worlds' newest CSVs at least every (\d+ s)/), 'idle check periods').toEqual([
      seconds(LOG_CHECK_MS / 1000),
      seconds(FOLDER_CHECK_MS / 1000),
    ]);
  });
});

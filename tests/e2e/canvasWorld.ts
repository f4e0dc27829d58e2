/**
 * The /canvas end-to-end world both e2e files play in: the real bot process against the Discord double
 * and a MongoDB-wire server, with the old Python bot's canvas of another guild (read by migration 002 at
 * start). `useCanvasWorld()` registers the hooks; `mongo`, `double` and `bot` are live bindings.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { Long } from 'mongodb';
import { computeLayout } from '../../src/canvas/layout.js';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { decodePng } from '../canvas/helpers.js';

export const APP = '1300000000000000001';
export const BOT_USER = '1300000000000000002';
export const GUILD = '1300000000000000100';
export const LEGACY_GUILD = '1300000000000000900';
export const TEXT = '1300000000000000110';
export const LEGACY_TEXT = '1300000000000000910';
export const ADMIN = '1300000000000000201';
export const MEMBER = '1300000000000000202';
export const OTHER = '1300000000000000203';
export const GRIEFER = '1300000000000000204';
export const COLLECTOR = '1300000000000000205';
export const LATE = '1300000000000000206';
export const VISITOR = '1300000000000000207';
export const LEGACY_ARTIST = '1300000000000000999';
export const CROWD = Array.from({ length: 50 }, (_, i) => `13000000000000010${String(i).padStart(2, '0')}`);

export const EPHEMERAL = 1 << 6;
export const RED = 0xe50000;
export const BLUE = 0x0083c7;
export const WHITE = 0xffffff;

export let mongo: TestMongo;
export let double: DiscordDouble;
export let bot: BotProcess;

export const isEphemeral = (m: DoubleMessage): boolean => ((m.flags ?? 0) & EPHEMERAL) !== 0;

export function customIds(m: DoubleMessage): string[] {
  const out: string[] = [];
  const walk = (c: unknown): void => {
    if (!c || typeof c !== 'object') return;
    const o = c as { custom_id?: string; components?: unknown[] };
    if (o.custom_id) out.push(o.custom_id);
    for (const child of o.components ?? []) walk(child);
  };
  for (const row of m.components ?? []) walk(row);
  return out;
}

export function control(m: DoubleMessage, prefix: string): string {
  const id = customIds(m).find((c) => c.startsWith(prefix));
  if (!id) throw new Error(`no control ${prefix} in ${customIds(m).join(' ')}`);
  return id;
}

/** The view state (x, y, zoom, step, colour) a message's controls carry. */
export function stateOf(m: DoubleMessage): { x: number; y: number; zoom: number; color: number } {
  const [x, y, zoom, , color] = control(m, 'canvas:place:').split(':').slice(2);
  return { x: Number(x), y: Number(y), zoom: Number(zoom), color: Number.parseInt(color!, 16) };
}

/** Colour of canvas pixel (px, py) in the message's PNG, located with the renderer's own geometry. */
export async function pixelInImage(m: DoubleMessage, size: number, px: number, py: number): Promise<number> {
  const file = m.files.find((f) => f.name === 'canvas.png');
  if (!file) throw new Error('no canvas.png attached');
  const img = await decodePng(file.data);
  const s = stateOf(m);
  const L = computeLayout(size, size, { cx: s.x, cy: s.y, zoom: s.zoom, selectedColor: s.color });
  expect([img.width, img.height]).toEqual([L.width, L.height]);
  const g = L.gridLines ? 1 : 0;
  const half = Math.floor((L.cellSize - g) / 2);
  return img.at(L.originX + (px - L.viewport.x0) * L.cellSize + g + half, L.originY + (py - L.viewport.y0) * L.cellSize + g + half);
}

export async function slash(userId: string, subcommand: string, options: Record<string, string | number> = {}, group?: string, guildId = GUILD) {
  return double.slash({ guildId, userId, command: 'canvas', subcommand, options, ...(group ? { group } : {}) });
}
export const admin = (sub: string, options: Record<string, string | number> = {}) => slash(ADMIN, sub, options, 'admin');

function startBot(): Promise<BotProcess> {
  return startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri });
}

/** Stops the bot and starts it again on the same database and double. */
export async function restartBot(): Promise<void> {
  await bot.stop();
  bot = await startBot();
}

export function useCanvasWorld(): void {
  beforeAll(async () => {
    mongo = await startMongo();
    // The old Python bot's canvas of another guild, read by migration 002 when the bot starts.
    await mongo.db.collection('canvases').insertOne({
      guild_id: Long.fromString(LEGACY_GUILD),
      size: 32,
      default_color: '#FFFFFF',
      pixels: { '4,5': { color: '#0083C7', user_id: Long.fromString(LEGACY_ARTIST), timestamp: new Date('2024-03-01T12:00:00Z') } },
    });
    double = await DiscordDouble.start({
      applicationId: APP,
      botUserId: BOT_USER,
      token: 'canvas-test-token',
      guilds: [
        {
          id: GUILD,
          name: 'Canvas Club',
          ownerId: ADMIN,
          channels: [{ id: TEXT, name: 'canvas', type: 'text' }],
          members: [
            { id: ADMIN, username: 'admin', manageGuild: true },
            { id: MEMBER, username: 'member' },
            { id: OTHER, username: 'other' },
            { id: GRIEFER, username: 'griefer' },
            { id: COLLECTOR, username: 'collector' },
            { id: LATE, username: 'late' },
            { id: VISITOR, username: 'visitor' },
            ...CROWD.map((id, i) => ({ id, username: `crowd${i}` })),
          ],
        },
        { id: LEGACY_GUILD, name: 'Old Guild', ownerId: ADMIN, channels: [{ id: LEGACY_TEXT, name: 'general', type: 'text' }], members: [{ id: ADMIN, username: 'admin', manageGuild: true }] },
      ],
    });
    bot = await startBot();
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await double?.stop();
    await mongo?.stop();
  });
  expectEveryRequestHandled(() => double);
}

/** The last check of a file: every body sent was one Discord accepts, every interaction was answered. */
export function expectProtocolKept(): void {
  expect(double.schemaViolations).toEqual([]);
  for (const ix of double.interactionsSent()) expect(ix.callbacks().some((c) => c.status < 300), ix.id).toBe(true);
}

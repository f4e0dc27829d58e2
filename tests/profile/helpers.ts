import { expect } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { CardInput } from '../../src/profile/card.js';

export interface Decoded {
  width: number;
  height: number;
  /** RGBA bytes. */
  data: Uint8ClampedArray;
  /** 0xRRGGBB at (x, y). */
  at(x: number, y: number): number;
  /** Variance of the luminance over every pixel: ~0 for a blank image. */
  variance(): number;
}

/** Decodes a PNG with @napi-rs/canvas's decoder (not the encoder that wrote it). */
export async function decode(png: Buffer): Promise<Decoded> {
  expect(png.subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const { data } = ctx.getImageData(0, 0, img.width, img.height);
  return {
    width: img.width,
    height: img.height,
    data,
    at: (x, y) => {
      const o = (y * img.width + x) * 4;
      return (data[o]! << 16) | (data[o + 1]! << 8) | data[o + 2]!;
    },
    variance() {
      let sum = 0;
      let sq = 0;
      const n = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        const l = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
        sum += l;
        sq += l * l;
      }
      return sq / n - (sum / n) ** 2;
    },
  };
}

export const TILES = [
  { label: 'Credits', value: '12,345' },
  { label: 'Rank', value: '#3' },
  { label: 'Daily streak', value: '7 days' },
  { label: 'Pixels placed', value: '1,234' },
  { label: 'Commands used', value: '56' },
  { label: 'Kills', value: '5' },
  { label: 'Deaths', value: '1' },
  { label: 'K/D', value: '5.00' },
] as const;

export function cardInput(over: Partial<CardInput> = {}): CardInput {
  return { displayName: 'Member', lines: ['@member', 'Linked player: Alpha'], tiles: TILES, background: [0xff7e5f, 0x6a3093], avatar: null, seed: '1400000000000000302', ...over };
}

/** A solid-colour PNG, as a CDN would serve an avatar. */
export async function solidPng(rgb: string, side = 256): Promise<Buffer> {
  const c = createCanvas(side, side);
  const ctx = c.getContext('2d');
  ctx.fillStyle = rgb;
  ctx.fillRect(0, 0, side, side);
  return c.encode('png');
}

export interface LocalServer {
  url: string;
  requests: number;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1; `handler` may leave a request unanswered (a CDN that hangs). */
export async function localServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalServer> {
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

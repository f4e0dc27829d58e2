/**
 * Avatar fetching against local HTTP servers: a real PNG loads; a server that never answers, one that
 * answers too much, too big a picture or something else than a PNG all give null within the time
 * limit, and the card falls back to the placeholder.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AvatarStore, fetchAvatarBytes, pngSize } from '../../src/profile/avatar.js';
import { ProfileCards } from '../../src/profile/cards.js';
import { decode, localServer, solidPng, TILES, type LocalServer } from './helpers.js';

let servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(handler: Parameters<typeof localServer>[0]): Promise<LocalServer> {
  const s = await localServer(handler);
  servers.push(s);
  return s;
}

describe('fetchAvatarBytes', () => {
  it('loads a real PNG from an HTTP server', async () => {
    const png = await solidPng('#ff0000', 128);
    const cdn = await serve((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(png));
    const got = await fetchAvatarBytes(`${cdn.url}/avatars/1/a.png?size=256`);
    expect(got.ok).toBe(true);
    if (got.ok) expect(got.bytes.equals(png)).toBe(true);
    const store = new AvatarStore();
    const { image, failure } = await store.get(`${cdn.url}/avatars/1/a.png?size=256`);
    expect(failure).toBeNull();
    expect([image?.width, image?.height]).toEqual([128, 128]);
    // Kept by URL: a second ask does not fetch.
    await store.get(`${cdn.url}/avatars/1/a.png?size=256`);
    expect(store.fetches).toBe(1);
    expect(cdn.requests).toBe(2);
  });

  it('gives up on a server that never answers, at the timeout', async () => {
    const cdn = await serve(() => undefined);
    const started = Date.now();
    const got = await fetchAvatarBytes(`${cdn.url}/hang.png`, { timeoutMs: 300 });
    const took = Date.now() - started;
    expect(got).toEqual({ ok: false, why: 'timeout' });
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(1500);
  });

  it('gives up on a body that stalls after the headers, at the timeout', async () => {
    const cdn = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.write(Buffer.alloc(100));
    });
    expect(await fetchAvatarBytes(`${cdn.url}/slow.png`, { timeoutMs: 300 })).toEqual({ ok: false, why: 'timeout' });
  });

  it('refuses more bytes than the cap, declared or streamed', async () => {
    const big = Buffer.alloc(3000, 1);
    const declared = await serve((_req, res) => res.writeHead(200, { 'content-length': String(big.length) }).end(big));
    expect(await fetchAvatarBytes(`${declared.url}/big.png`, { maxBytes: 1000 })).toEqual({ ok: false, why: 'too_large' });
    const chunked = await serve((_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 3; i++) res.write(big);
      res.end();
    });
    expect(await fetchAvatarBytes(`${chunked.url}/big.png`, { maxBytes: 1000 })).toEqual({ ok: false, why: 'too_large' });
  });

  it('refuses what is not a PNG, an HTTP error, and a picture larger than the side cap before decoding it', async () => {
    const jpeg = await serve((_req, res) => res.writeHead(200).end(Buffer.from('<html>not an image</html>')));
    expect(await fetchAvatarBytes(`${jpeg.url}/x.png`)).toEqual({ ok: false, why: 'not_png' });
    const missing = await serve((_req, res) => res.writeHead(404).end('no'));
    expect(await fetchAvatarBytes(`${missing.url}/x.png`)).toEqual({ ok: false, why: 'http' });
    const huge = await solidPng('#000000', 64);
    huge.writeUInt32BE(20000, 16); // IHDR says 20000 × 64
    expect(pngSize(huge)).toEqual({ width: 20000, height: 64 });
    const bomb = await serve((_req, res) => res.writeHead(200).end(huge));
    expect(await fetchAvatarBytes(`${bomb.url}/x.png`)).toEqual({ ok: false, why: 'too_large' });
    expect(await fetchAvatarBytes('http://127.0.0.1:9/refused.png')).toEqual({ ok: false, why: 'network' });
  });
});

describe('a card whose avatar cannot be fetched', () => {
  it('falls back to the placeholder within the timeout, and does not ask again for a while', async () => {
    const cdn = await serve(() => undefined);
    const cards = new ProfileCards({ avatars: new AvatarStore({ fetch: { timeoutMs: 300 } }) });
    const req = { displayName: 'Hanging Avatar', lines: ['@h', 'No linked player'] as const, tiles: TILES, background: [0x23272a, 0x2c2f33] as const, seed: '7', avatarUrl: `${cdn.url}/avatars/7/x.png` };
    await cards.card({ ...req, avatarUrl: null }); // the first card of a process registers the font: not what is timed
    const started = Date.now();
    const card = await cards.card(req);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(card.avatarFailure).toBe('timeout');
    expect(card.layout?.placeholder).toBe(true);
    expect(card.layout?.texts.find((t) => t.id === 'initials')?.drawn).toBe('HA');
    const img = await decode(card.png);
    expect(img.width).toBe(800);
    expect(img.variance()).toBeGreaterThan(200);
    // Another card for the same member (a figure changed): the failed URL is not fetched again yet.
    await cards.card({ ...req, displayName: 'Hanging Avatar 2' });
    expect(cdn.requests).toBe(1);
    expect(cards.avatars.fetches).toBe(1);
    expect(cards.renders).toBe(3);
  });
});

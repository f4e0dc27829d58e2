/**
 * The card cache: the same inputs render once; any figure, text, background or avatar change renders
 * again; the cache stays within its bytes; a card drawn without its avatar is retried later.
 */
import { describe, expect, it } from 'vitest';
import { ByteLru } from '../../src/profile/cache.js';
import { ProfileCards, cardKey, type CardRequest } from '../../src/profile/cards.js';
import { AvatarStore } from '../../src/profile/avatar.js';
import { decode, localServer, solidPng, TILES } from './helpers.js';

function request(over: Partial<CardRequest> = {}): CardRequest {
  return { displayName: 'Member', lines: ['@member', 'No linked player'], tiles: TILES, background: [0x23272a, 0x2c2f33], seed: '42', avatarUrl: null, ...over };
}

describe('ProfileCards', () => {
  it('renders identical inputs once and serves the same PNG again', async () => {
    const cards = new ProfileCards();
    const first = await cards.card(request());
    const second = await cards.card(request());
    expect(cards.renders).toBe(1);
    expect(cards.hits).toBe(1);
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(second.png.equals(first.png)).toBe(true);
    expect((await decode(second.png)).width).toBe(800);
  });

  it('renders again when any figure, text, background or the avatar changes', async () => {
    const cards = new ProfileCards();
    await cards.card(request());
    const changes: Partial<CardRequest>[] = [
      { tiles: TILES.map((t) => (t.label === 'Credits' ? { ...t, value: '12,346' } : t)) },
      { tiles: TILES.map((t) => (t.label === 'Commands used' ? { ...t, value: '57' } : t)) },
      { displayName: 'Member2' },
      { lines: ['@member', 'Linked player: Alpha'] },
      { background: [0xff7e5f, 0x6a3093] },
      { avatarUrl: 'http://127.0.0.1:9/avatars/1/abc.png?size=256' },
    ];
    const keys = new Set([cardKey(request())]);
    for (const c of changes) keys.add(cardKey(request(c)));
    expect(keys.size).toBe(changes.length + 1);
    // The avatar change is checked by key here (rendering it would fetch: see the avatar test below).
    for (const c of changes.slice(0, -1)) expect((await cards.card(request(c))).cached).toBe(false);
    expect(cards.renders).toBe(changes.length);
    expect((await cards.card(request(changes[0]))).cached).toBe(true);
  });

  it('shares one render between identical requests in flight', async () => {
    const cards = new ProfileCards();
    const all = await Promise.all(Array.from({ length: 5 }, () => cards.card(request({ displayName: 'Same' }))));
    expect(cards.renders).toBe(1);
    expect(new Set(all.map((r) => r.png.toString('base64'))).size).toBe(1);
  });

  it('keeps within its byte budget, evicting the least recently used cards', async () => {
    const one = (await new ProfileCards().card(request())).png.length;
    const cards = new ProfileCards({ cacheBytes: Math.floor(one * 2.5) });
    for (const name of ['a', 'b', 'c']) await cards.card(request({ displayName: name }));
    expect(cards.cachedBytes).toBeLessThanOrEqual(Math.floor(one * 2.5));
    expect(cards.renders).toBe(3);
    expect((await cards.card(request({ displayName: 'c' }))).cached).toBe(true);
    expect((await cards.card(request({ displayName: 'a' }))).cached).toBe(false);
  });

  it('never renders more than two cards at once', async () => {
    let active = 0;
    let peak = 0;
    const cards = new ProfileCards({
      render: async () => {
        peak = Math.max(peak, ++active);
        await new Promise((r) => setTimeout(r, 20));
        active--;
        return { png: Buffer.alloc(10), layout: { width: 1, height: 1, texts: [], placeholder: true } };
      },
    });
    await Promise.all(Array.from({ length: 6 }, (_, i) => cards.card(request({ displayName: `m${i}` }))));
    expect(cards.renders).toBe(6);
    expect(peak).toBe(2);
  });

  it('uses a fetched avatar, and reuses a placeholder card only briefly after a failed fetch', async () => {
    const png = await solidPng('#00ff00');
    let fail = true;
    const cdn = await localServer((_req, res) => {
      if (fail) res.writeHead(503).end();
      else res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    });
    try {
      const cards = new ProfileCards({ fallbackTtlMs: 50, avatars: new AvatarStore({ retryAfterMs: 0 }) });
      const url = `${cdn.url}/avatars/1/abc.png?size=256`;
      const failed = await cards.card(request({ avatarUrl: url }));
      expect(failed.avatarFailure).toBe('http');
      expect((await cards.card(request({ avatarUrl: url }))).cached).toBe(true);
      fail = false;
      await new Promise((r) => setTimeout(r, 60));
      const loaded = await cards.card(request({ avatarUrl: url }));
      expect(loaded).toMatchObject({ cached: false, avatarFailure: null });
      expect(loaded.layout?.placeholder).toBe(false);
      expect((await decode(loaded.png)).at(24 + 64, 24 + 100)).toBe(0x00ff00);
      // Now cached for good: no fetch and no render.
      const before = cdn.requests;
      expect((await cards.card(request({ avatarUrl: url }))).cached).toBe(true);
      expect(cdn.requests).toBe(before);
      expect(cards.renders).toBe(2);
    } finally {
      await cdn.close();
    }
  });
});

describe('ByteLru', () => {
  it('evicts by bytes in recency order, expires entries and refuses values above the budget', () => {
    const lru = new ByteLru<string>(10);
    lru.set('a', 'A', 4);
    lru.set('b', 'B', 4);
    expect(lru.get('a')).toBe('A'); // a is now the most recent
    lru.set('c', 'C', 4);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual(['A', undefined, 'C']);
    expect(lru.bytes).toBe(8);
    lru.set('big', 'X', 11);
    expect(lru.get('big')).toBeUndefined();
    lru.set('t', 'T', 1, 100, 1000);
    expect(lru.get('t', 1099)).toBe('T');
    expect(lru.get('t', 1100)).toBeUndefined();
    expect(lru.bytes).toBe(8);
  });
});

/** /help's pages: every line once, in order, each embed and page within Discord's limits. */
import { describe, expect, it } from 'vitest';
import { helpPages } from '../../src/commands/help.js';

describe('helpPages', () => {
  it('packs lines whole into embeds of at most 4,096 and pages of at most 6,000 characters', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `\`/command${i}\` — ${'x'.repeat(20 + ((i * 37) % 90))}`);
    const pages = helpPages(lines);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.flat(2)).toEqual(lines);
    for (const page of pages) {
      expect(page.length).toBeLessThanOrEqual(10);
      expect(page.flat().join('\n').length).toBeLessThanOrEqual(6_000);
      for (const embed of page) expect(embed.join('\n').length).toBeLessThanOrEqual(4_096);
    }
  });

  it('keeps a short list on one page with one embed', () => {
    expect(helpPages(['`/a` — one', '`/b` — two'])).toEqual([[['`/a` — one', '`/b` — two']]]);
  });
});

/** /flags' entries and page (src/commands/flags.ts): text from the game file made inert and cut, the embed within Discord's limits. */
import { describe, expect, it } from 'vitest';
import { flagLine, flagsEmbed } from '../../src/commands/flags.js';
import { embedLength, LIMITS } from '../../src/discord/limits.js';
import { translator } from '../../src/i18n/translate.js';
import type { KillEventDoc } from '../../src/ingest/killEvents.js';

const t = translator({ locale: 'en-US', timezone: 'UTC' });
const at = new Date('2026-12-01T10:00:00Z');

function event(i: number, over: Partial<KillEventDoc> = {}): KillEventDoc {
  return {
    _id: `e${i}`, guildId: 'g', serverId: 's', at, killerId: 'a'.repeat(32), killerName: 'Alpha', victimId: 'b'.repeat(32), victimName: 'Bravo',
    weapon: 'AK-SU', distance: 40, maxRange: 800, file: 's/deathlogs/world_0/x.csv', line: 1, flags: ['range'], flagged: true, expireAt: at, ...over,
  };
}

// As long and as hostile as a game file can make them: markdown links, mentions, emphasis, code spans, headings.
const hostile = (seed: string) => `# [free](https://x.example/${seed}) @everyone **_~|\`<@1>\n`.repeat(40);

describe('/flags entries', () => {
  it('shows a name as text, not as a masked link, a mention or markdown', () => {
    const line = flagLine(event(1, { killerName: '[free](https://x)', victimName: '@everyone', weapon: '**bold**' }), t);
    expect(line).toContain('**\\[free\\](https://x)** → **@\u200beveryone** · \\*\\*bold\\*\\*');
    expect(line).not.toContain('[free]');
  });

  it('cuts hostile names, weapons and paths so that a full page fits one embed', () => {
    const events = Array.from({ length: 10 }, (_, i) =>
      event(i, { killerName: hostile(`k${i}`), victimName: hostile(`v${i}`), weapon: hostile(`w${i}`), file: `${'d/'.repeat(300)}a\`b.csv`, line: 2 ** 31, distance: 1e9, maxRange: 1e9, flags: ['range', 'rate', 'kd'] }),
    );
    for (const e of events) {
      const line = flagLine(e, t);
      // Each name and the weapon at most 32 characters between their markers, every `[` escaped.
      const [, killer, victim] = /^<t:\d+:f> · \*\*(.*)\*\* → \*\*(.*)\*\* · /.exec(line)!;
      expect(killer!.length).toBeLessThanOrEqual(32);
      expect(victim!.length).toBeLessThanOrEqual(32);
      expect(line).not.toMatch(/(^|[^\\])\[/);
      // One entry is two lines (a newline in a name is a space); the path stays one code span: its backtick is shown as a look-alike.
      expect(line.split('\n')).toHaveLength(2);
      expect(line.split('\n')[1]).toMatch(/^`…[^`]*ˋb\.csv:2147483648`$/);
    }
    const embed = flagsEmbed(t, 'T'.repeat(1000), events, 1);
    expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(embed.title!.length).toBeLessThanOrEqual(LIMITS.title);
    expect(embedLength(embed)).toBeLessThanOrEqual(LIMITS.embedTotal);
    expect(embed.description!.split('\n\n')).toHaveLength(10);
  });

  it('clamps a page whose entries together pass the description limit', () => {
    // Forty maximal entries (more than a page holds) stand for any translation whose line is longer.
    const events = Array.from({ length: 40 }, (_, i) => event(i, { killerName: hostile(`k${i}`), victimName: hostile(`v${i}`), weapon: hostile(`w${i}`), file: 'd/'.repeat(300) }));
    const embed = flagsEmbed(t, 'Title', events, 1);
    expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(embed.description!.endsWith('…')).toBe(true);
  });
});

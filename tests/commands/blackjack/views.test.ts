/** The blackjack hand's embed (src/commands/blackjack/views.ts): what a member reads in each state. */
import { describe, expect, it } from 'vitest';
import { blackjackButtons, blackjackEmbed } from '../../../src/commands/blackjack/views.js';
import type { GameHand } from '../../../src/db/gameSchemas.js';
import { translator } from '../../../src/i18n/translate.js';

const t = translator({ locale: 'en-US' });
const hand = (over: Partial<GameHand>): GameHand =>
  ({ _id: 'h1', guildId: 'g', userId: '42', kind: 'blackjack', bet: 100, state: 'settled', version: 3, player: [0, 9], dealer: [12, 20], outcome: null, payout: 0, ...over }) as GameHand;

describe('blackjackEmbed', () => {
  it('shows a lost settled hand as lost', () => {
    expect(blackjackEmbed(hand({ outcome: 'lose' }), t, null).data.description).toContain('The dealer wins; your 100 credits are gone.');
  });

  it('shows a hand the sweep cancelled (or is cancelling) as refunded, not as lost, without buttons', () => {
    for (const state of ['cancelling', 'cancelled'] as const) {
      const e = blackjackEmbed(hand({ state }), t, null);
      expect(e.data.description).toContain('a bet that was taken has been refunded');
      expect(e.data.description).not.toContain('gone');
      expect(blackjackButtons(hand({ state }), t)).toEqual([]);
    }
  });
});

/**
 * The games' bookkeeping: a game is one `game_hands` document (src/db/gameSchemas.ts has its states)
 * and at most three ledger entries, each under its cause's key: the bet (`game:<id>:bet`, spent), the
 * win (`game:<id>:win`, earned; a push returns the bet this way) and, only for a game a crash left
 * before its bet was decided, the refund (`game:<id>:refund`). Every move of the document is a guarded
 * update from the state (and version) it was read in, so of two clicks, a click and the sweep, or an
 * interaction and its replay, only one moves it; the others show where it stands. Paying is keyed, so
 * whoever finishes a `settling` game pays it once. Idle and crash leftovers: ./gameSweep.ts.
 */
import type { Collection } from 'mongodb';
import { isDuplicateKey } from '../db/duplicateKey.js';
import type { GameHand, GameKind } from '../db/gameSchemas.js';
import type { Economy } from '../economy/economy.js';
import { entryId } from '../economy/ledger.js';
import type { LedgerEntry } from '../economy/schemas.js';
import { MIN_BET, type EcoSettingsOf } from '../economy/settings.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import { blackjackPayout, dealerPlays, dealOutcome, deal, drawCard, handValue, standOutcome } from './blackjack.js';
import { coinflipPayout, flip, type CoinSide } from './coinflip.js';
import { cryptoRng, type Rng } from './rng.js';
import { slotsPayout, spin } from './slots.js';

/** A blackjack hand untouched this long is stood for its player (at the next click, or by the sweep). */
export const IDLE_MS = 10 * 60_000;
/** A game still `new` this long was left by a crash between its insert and its bet: cancelled by the sweep. */
export const NEW_STALE_MS = 2 * 60_000;
/** The starting request bets only this soon after its insert: never once the sweep may cancel the game. */
const BET_WITHIN_MS = NEW_STALE_MS / 2;
/** Finished games are kept this long (then the TTL index deletes them); their ledger entries 30 days. */
export const HAND_RETENTION_MS = 7 * 86_400_000;

export type StartInput = { guildId: string; userId: string; handId: string; bet: number } & ({ kind: 'coinflip'; called: CoinSide } | { kind: 'slots' } | { kind: 'blackjack' });

export interface Started {
  hand: GameHand;
  /** The member already had a blackjack hand open: this is that one, and nothing was bet now. */
  alreadyOpen: boolean;
}

export interface GamesOptions {
  hands: Collection<GameHand>;
  /** Read only: whether a cancelled game's bet was taken. */
  ledger: Collection<LedgerEntry>;
  economy: Pick<Economy, 'spend' | 'earn' | 'balance'>;
  settingsOf: EcoSettingsOf;
  rng?: Rng;
  now?: () => Date;
}

export const betKey = (handId: string) => `game:${handId}:bet`;
export const winKey = (handId: string) => `game:${handId}:win`;
export const refundKey = (handId: string) => `game:${handId}:refund`;

export class Games {
  readonly rng: Rng;
  private readonly now: () => Date;

  constructor(private readonly o: GamesOptions) {
    this.rng = o.rng ?? cryptoRng;
    this.now = o.now ?? (() => new Date());
  }

  /** Checks the guild plays and the bet is in bounds, then plays (or resumes a replayed start). */
  async start(input: StartInput): Promise<Started> {
    const settings = await this.o.settingsOf(input.guildId);
    if (!settings.games) throw new UserError(msg('games.off'), 'permission');
    if (!Number.isSafeInteger(input.bet) || input.bet < MIN_BET || input.bet > settings.maxBet) {
      throw new UserError(msg('games.bet.range', { min: MIN_BET, max: settings.maxBet, amount: input.bet }));
    }
    const fresh = this.prepare(input);
    try {
      await this.o.hands.insertOne(fresh);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const replayed = await this.o.hands.findOne({ _id: input.handId });
      if (replayed) return { hand: await this.proceed(replayed), alreadyOpen: false };
      const open = await this.o.hands.findOne({ openSlot: fresh.openSlot });
      if (open) return { hand: open.state === 'settling' ? await this.settle(open) : open, alreadyOpen: true };
      throw new UserError(msg('games.pending'), 'conflict');
    }
    return { hand: await this.proceed(fresh), alreadyOpen: false };
  }

  /** The game's document with its outcome drawn (hidden from the member until the bet is taken). */
  private prepare(input: StartInput): GameHand {
    const now = this.now();
    const base = { _id: input.handId, guildId: input.guildId, userId: input.userId, kind: input.kind as GameKind, bet: input.bet, state: 'new' as const, version: 0, createdAt: now, touchedAt: now };
    if (input.kind === 'coinflip') {
      const landed = flip(this.rng);
      const payout = coinflipPayout(input.bet, input.called, landed);
      return { ...base, called: input.called, landed, outcome: payout ? 'win' : 'lose', payout };
    }
    if (input.kind === 'slots') {
      const reels = spin(this.rng);
      const payout = slotsPayout(input.bet, reels);
      return { ...base, reels: [...reels], outcome: payout ? 'win' : 'lose', payout };
    }
    const { player, dealer } = deal(this.rng);
    const outcome = dealOutcome(player, dealer);
    return { ...base, player, dealer, outcome, payout: outcome ? blackjackPayout(input.bet, outcome) : 0, openSlot: `${input.guildId}:${input.userId}` };
  }

  /** From `new`: takes the bet, then opens the hand or decides it; from `settling`: pays. */
  private async proceed(hand: GameHand): Promise<GameHand> {
    if (hand.state === 'settling') return this.settle(hand);
    if (hand.state === 'refused') throw new UserError(msg('games.poor', { count: await this.o.economy.balance(hand.guildId, hand.userId), amount: hand.bet }));
    if (hand.state === 'cancelling' || hand.state === 'cancelled') throw new UserError(msg('games.cancelled'), 'conflict');
    if (hand.state !== 'new') return hand;
    if (this.now().getTime() - hand.createdAt.getTime() > BET_WITHIN_MS) throw new UserError(msg('games.slow'), 'conflict');
    const bet = await this.o.economy.spend(hand.guildId, hand.userId, hand.bet, 'game', betKey(hand._id), hand.kind);
    if (bet.outcome === 'pending') throw new UserError(msg('games.pending'), 'conflict');
    if (bet.outcome === 'refused') {
      await this.finalise(hand, 'new', 'refused');
      const balance = await this.o.economy.balance(hand.guildId, hand.userId);
      throw new UserError(msg('games.poor', { count: balance, amount: hand.bet }));
    }
    const next: GameHand['state'] = hand.kind === 'blackjack' && hand.outcome === null ? 'playing' : 'settling';
    const touchedAt = this.now();
    const moved = await this.o.hands.updateOne({ _id: hand._id, state: 'new' }, { $set: { state: next, touchedAt }, $inc: { version: 1 } });
    if (moved.modifiedCount === 1) {
      const open = { ...hand, state: next, touchedAt, version: hand.version + 1 };
      return next === 'settling' ? this.settle(open) : open;
    }
    const now = await this.reread(hand);
    if (now.state === 'cancelling' || now.state === 'cancelled') {
      await this.finishCancel(now);
      throw new UserError(msg('games.cancelled'), 'conflict');
    }
    return now.state === 'settling' ? this.settle(now) : now;
  }

  /** A Hit or Stand click on the hand as shown at `version`; `moved`: this click played (false: shown as it stands). */
  async act(guildId: string, handId: string, userId: string, action: 'hit' | 'stand', version: number): Promise<{ hand: GameHand; moved: boolean }> {
    const hand = await this.o.hands.findOne({ _id: handId, guildId });
    if (!hand || hand.kind !== 'blackjack') throw new UserError(msg('games.gone'), 'not_found');
    if (hand.userId !== userId) throw new UserError(msg('games.notYours', { user: `<@${hand.userId}>` }), 'permission');
    if (hand.state !== 'playing' || hand.version !== version) return { hand: hand.state === 'settling' ? await this.settle(hand) : hand, moved: false };
    return this.play(hand, action);
  }

  /** One move of a `playing` hand (a click, or the sweep standing an idle one), guarded by its version. */
  async play(hand: GameHand, action: 'hit' | 'stand'): Promise<{ hand: GameHand; moved: boolean }> {
    const now = this.now();
    const timedOut = now.getTime() - hand.touchedAt.getTime() > IDLE_MS;
    const player = [...(hand.player ?? [])];
    let dealer = [...(hand.dealer ?? [])];
    if (action === 'hit' && !timedOut) player.push(drawCard(this.rng));
    const total = handValue(player).total;
    const stands = action === 'stand' || timedOut || total >= 21;
    let set: Partial<GameHand> = { player, touchedAt: now };
    if (total > 21) set = { ...set, state: 'settling', outcome: 'bust', payout: 0 };
    else if (stands) {
      dealer = dealerPlays(dealer, this.rng);
      const outcome = standOutcome(player, dealer);
      set = { ...set, dealer, state: 'settling', outcome, payout: blackjackPayout(hand.bet, outcome), ...(timedOut ? { timedOut: true } : {}) };
    }
    const r = await this.o.hands.updateOne({ _id: hand._id, state: 'playing', version: hand.version }, { $set: set, $inc: { version: 1 } });
    if (r.modifiedCount !== 1) {
      const current = await this.reread(hand);
      return { hand: current.state === 'settling' ? await this.settle(current) : current, moved: false };
    }
    const moved: GameHand = { ...hand, ...set, version: hand.version + 1 };
    return { hand: moved.state === 'settling' ? await this.settle(moved) : moved, moved: true };
  }

  /** Pays a decided game (once: the win's key) and marks it settled. Safe to run twice at once. */
  async settle(hand: GameHand): Promise<GameHand> {
    if (hand.payout > 0) await this.o.economy.earn(hand.guildId, hand.userId, hand.payout, 'game', winKey(hand._id), hand.kind, { resume: true });
    return this.finalise(hand, 'settling', 'settled');
  }

  /** A cancelled game: its bet back when it was taken (once: the refund's key), then `cancelled`. False while the bet is undecided. */
  async finishCancel(hand: GameHand): Promise<boolean> {
    const bet = await this.o.ledger.findOne({ _id: entryId(hand.guildId, betKey(hand._id)) });
    if (bet?.state === 'pending') return false;
    if (bet?.state === 'applied') await this.o.economy.earn(hand.guildId, hand.userId, hand.bet, 'game', refundKey(hand._id), hand.kind, { resume: true });
    await this.finalise(hand, 'cancelling', 'cancelled');
    return true;
  }

  /** Moves a game to a final state (if still in `from`): it stops holding the member's open slot and expires in time. */
  private async finalise(hand: GameHand, from: GameHand['state'], to: GameHand['state']): Promise<GameHand> {
    const settledAt = this.now();
    const expiresAt = new Date(settledAt.getTime() + HAND_RETENTION_MS);
    const r = await this.o.hands.updateOne({ _id: hand._id, state: from }, { $set: { state: to, settledAt, expiresAt }, $unset: { openSlot: '' } });
    if (r.modifiedCount !== 1) return this.reread(hand);
    const { openSlot: _slot, ...rest } = hand;
    return { ...rest, state: to, settledAt, expiresAt };
  }

  private async reread(hand: GameHand): Promise<GameHand> {
    const found = await this.o.hands.findOne({ _id: hand._id });
    if (!found) throw new Error(`game ${hand._id} vanished`);
    return found;
  }

  /** The member's credits now (shown with a result). */
  balance(guildId: string, userId: string): Promise<number> {
    return this.o.economy.balance(guildId, userId);
  }
}

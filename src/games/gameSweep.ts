/**
 * What no click finishes: a blackjack hand left idle past IDLE_MS is stood for its player (then paid as
 * any stand), a decided game whose payment a crash interrupted is paid, and a game a crash left `new`
 * (inserted, bet undecided) is cancelled and its bet, if taken, refunded. Chosen over settling only at
 * the next touch: a member who walks away on 20 is still paid, and a crash's leftovers never wait for a
 * click that may never come. Every step is the same guarded move a click makes, so the sweep of two
 * processes (shards) and a click at the same moment settle a game once. Bounded: BATCH games per pass.
 */
import type { Collection } from 'mongodb';
import type { GameHand } from '../db/gameSchemas.js';
import type { Logger } from '../logger.js';
import { IDLE_MS, NEW_STALE_MS, type Games } from './games.js';

/** How often the sweep runs. */
export const SWEEP_EVERY_MS = 30_000;
/** A `settling` game this old lost its payer (a crash): a live one pays within milliseconds. */
const SETTLING_STALE_MS = 10_000;
const BATCH = 100;

export interface SweepFigures {
  stood: number;
  settled: number;
  cancelled: number;
}

export class GameSweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly hands: Collection<GameHand>,
    private readonly games: Games,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One pass over each kind of leftover; a game that fails is logged and tried again next pass. */
  async pass(): Promise<SweepFigures> {
    const now = this.now().getTime();
    const figures: SweepFigures = { stood: 0, settled: 0, cancelled: 0 };
    const each = async (filter: Record<string, unknown>, step: (h: GameHand) => Promise<boolean>, count: keyof SweepFigures) => {
      for (const hand of await this.hands.find(filter).sort({ touchedAt: 1 }).limit(BATCH).toArray()) {
        try {
          if (await step(hand)) figures[count]++;
        } catch (err) {
          this.logger.warn({ hand: hand._id, guildId: hand.guildId, err: (err as Error).message }, 'game sweep step failed');
        }
      }
    };
    await each({ state: 'playing', touchedAt: { $lt: new Date(now - IDLE_MS) } }, async (h) => (await this.games.play(h, 'stand')).moved, 'stood');
    await each({ state: 'settling', touchedAt: { $lt: new Date(now - SETTLING_STALE_MS) } }, async (h) => (await this.games.settle(h)).state === 'settled', 'settled');
    await each({ state: 'new', touchedAt: { $lt: new Date(now - NEW_STALE_MS) } }, (h) => this.cancel(h), 'cancelled');
    await each({ state: 'cancelling' }, (h) => this.games.finishCancel(h), 'cancelled');
    return figures;
  }

  /** A stale `new` game: cancelled; a bet still being entered is refunded once decided (a later pass). */
  private async cancel(hand: GameHand): Promise<boolean> {
    const r = await this.hands.updateOne({ _id: hand._id, state: 'new' }, { $set: { state: 'cancelling', touchedAt: this.now() } });
    if (r.modifiedCount !== 1) return false;
    return this.games.finishCancel({ ...hand, state: 'cancelling' });
  }

  start(): void {
    const tick = () => {
      this.running = this.pass()
        .then((f) => {
          if (f.stood || f.settled || f.cancelled) this.logger.info(f, 'games settled by the sweep');
        })
        .catch((err: Error) => this.logger.warn({ err: err.message }, 'game sweep failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, SWEEP_EVERY_MS).unref();
        });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}

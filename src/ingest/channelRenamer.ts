/**
 * Player-count voice channel names. Discord allows a bot 2 renames per 10 minutes per channel, so updates
 * are coalesced: the latest wanted name is kept, a rename happens when the budget allows, and a timer
 * guarantees the channel ends on the latest count.
 */
import { Routes } from 'discord.js';
import type { Logger } from '../logger.js';
import type { RestLike } from './types.js';

export interface ChannelRenamerOptions {
  /** Renames allowed per window (default 2). */
  limit?: number;
  windowMs?: number;
  now?: () => number;
  /** Timer functions (tests use fake ones). */
  setTimer?: (fn: () => void, ms: number) => { unref?: () => void };
  clearTimer?: (t: unknown) => void;
}

interface ChannelState {
  wanted: string;
  /** Name Discord has, as far as we know. */
  current: string | null;
  /** Times of our renames inside the window. */
  renames: number[];
  timer: unknown;
  inFlight: boolean;
  /** The channel's name was read once (so a restart does not spend a rename on an unchanged name). */
  known: boolean;
}

export class ChannelRenamer {
  private readonly channels = new Map<string, ChannelState>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly setTimer: NonNullable<ChannelRenamerOptions['setTimer']>;
  private readonly clearTimer: NonNullable<ChannelRenamerOptions['clearTimer']>;
  private stopped = false;

  constructor(
    private readonly rest: RestLike,
    private readonly logger: Logger,
    options: ChannelRenamerOptions = {},
  ) {
    this.limit = options.limit ?? 2;
    this.windowMs = options.windowMs ?? 600_000;
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout));
  }

  /** Ask for a name; renames now if the budget allows, otherwise as soon as it does. */
  request(channelId: string, name: string): void {
    if (this.stopped) return;
    let st = this.channels.get(channelId);
    if (!st) {
      st = { wanted: name, current: null, renames: [], timer: null, inFlight: false, known: false };
      this.channels.set(channelId, st);
    }
    st.wanted = name;
    this.pump(channelId, st);
  }

  /** Names waiting for budget (for status displays and tests). */
  pending(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [id, st] of this.channels) if (st.wanted !== st.current) out[id] = st.wanted;
    return out;
  }

  stop(): void {
    this.stopped = true;
    for (const st of this.channels.values()) if (st.timer) this.clearTimer(st.timer);
  }

  private pump(channelId: string, st: ChannelState): void {
    if (this.stopped || st.inFlight || st.wanted === st.current) return;
    if (!st.known) {
      st.inFlight = true;
      this.rest
        .get(Routes.channel(channelId))
        .then(
          (c) => {
            const n = (c as { name?: unknown }).name;
            if (typeof n === 'string') st.current = n;
          },
          (err: unknown) => this.logger.debug({ channelId, err: (err as Error).message }, 'could not read the player-count channel'),
        )
        .finally(() => {
          st.known = true;
          st.inFlight = false;
          this.pump(channelId, st);
        });
      return;
    }
    const now = this.now();
    st.renames = st.renames.filter((t) => now - t < this.windowMs);
    if (st.renames.length >= this.limit) {
      // Budget spent: one timer for when the oldest rename leaves the window, then the latest name wins.
      if (!st.timer) {
        const wait = st.renames[0]! + this.windowMs - now + 50;
        const t = this.setTimer(() => {
          st.timer = null;
          this.pump(channelId, st);
        }, wait);
        t.unref?.();
        st.timer = t;
      }
      return;
    }
    const name = st.wanted;
    st.inFlight = true;
    st.renames.push(now);
    this.rest
      .patch(Routes.channel(channelId), { body: { name }, reason: 'player count' })
      .then(
        () => {
          st.current = name;
        },
        (err: unknown) => this.logger.warn({ channelId, err: (err as Error).message }, 'player-count rename failed'),
      )
      .finally(() => {
        st.inFlight = false;
        this.pump(channelId, st);
      });
  }
}

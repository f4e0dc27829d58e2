import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';

/**
 * A share of the bot-wide cap on open SSH connections. SftpPool implements it with the same
 * limiter its pooled connections use, so one-shot connections (testConnection, probeHostKey) count
 * against `globalMax` too and can neither exceed it nor be used to open connections without bound.
 */
export interface ConnectionSlots {
  /**
   * Runs `fn` holding one connection slot (waits for one, closing an idle pooled connection if
   * needed; a UserError 'rate_limit' after the pool's acquire timeout). `fn` must have closed its
   * connection when it settles.
   */
  withConnectionSlot<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Counting semaphore for connections across all servers. It counts sockets: a slot is taken before
 * connecting and given back once the connection is closed. A waiter asks `reclaim` to close an idle
 * connection elsewhere, and is refused with the pool's limit message after its timeout.
 */
export class GlobalLimiter {
  inUse = 0;
  private waiters: Array<{ resolve: () => void; reject: (e: Error) => void; timer: NodeJS.Timeout }> = [];
  constructor(
    readonly max: number,
    private readonly reclaim: () => void,
  ) {}

  get waiting(): number {
    return this.waiters.length;
  }

  acquire(timeoutMs: number): Promise<void> {
    if (this.inUse < this.max) {
      this.inUse++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new UserError(msg('sftp.pool.full'), 'rate_limit'));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
      this.reclaim();
    });
  }

  release(): void {
    const w = this.waiters.shift();
    if (w) {
      clearTimeout(w.timer);
      w.resolve(); // slot handed over
    } else {
      this.inUse = Math.max(0, this.inUse - 1);
    }
  }
}

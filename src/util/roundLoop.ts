/**
 * A background job run in rounds: one round at a time, the next `periodMs` after the previous one ended
 * (a slow round delays the next, never overlaps it); `stop()` waits for a round in progress. The timer
 * does not keep the process alive.
 */
export class RoundLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(
    private readonly round: () => Promise<unknown>,
    private readonly periodMs: number,
    /** A round that failed: the loop goes on with the next. */
    private readonly onError: (err: Error) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round()
        .catch((err: Error) => this.onError(err))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.periodMs);
    this.timer.unref();
  }
}

import type { Logger } from '../logger.js';

/**
 * Shutdown hooks run in reverse order of registration (what started last stops first: schedulers before
 * pools, pools before the database), each bounded by a timeout so one stuck step cannot hold the process.
 */
export class Lifecycle {
  private readonly hooks: Array<{ name: string; fn: () => Promise<void> | void }> = [];
  private stopping: Promise<void> | null = null;

  constructor(private readonly logger: Logger) {}

  get isStopping(): boolean {
    return this.stopping !== null;
  }

  onShutdown(name: string, fn: () => Promise<void> | void): void {
    this.hooks.push({ name, fn });
  }

  shutdown(stepTimeoutMs = 3_000): Promise<void> {
    this.stopping ??= (async () => {
      for (const { name, fn } of [...this.hooks].reverse()) {
        const started = Date.now();
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            Promise.resolve().then(fn),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(`timed out after ${stepTimeoutMs} ms`)), stepTimeoutMs);
            }),
          ]);
          this.logger.debug({ step: name, ms: Date.now() - started }, 'shutdown step done');
        } catch (err) {
          this.logger.warn({ step: name, err: (err as Error).message }, 'shutdown step failed');
        } finally {
          clearTimeout(timer);
        }
      }
    })();
    return this.stopping;
  }
}

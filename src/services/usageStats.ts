import type { MemberStats } from '../db/schemas.js';
import { WriteWindow } from '../db/writeWindow.js';
import type { MemberStatsRepo } from '../repos/memberStatsRepo.js';

/** How long the first count of a batch waits for company. */
export const USAGE_DELAY_MS = 20;

interface Use {
  guildId: string;
  userId: string;
  at: Date;
}

/**
 * Per-member counters shown on profiles (`commands_used`), off the reply path. Counts are gathered for
 * USAGE_DELAY_MS and written together (WriteWindow), one upsert per member in one bulkWrite: under a
 * crowd one round trip carries many commands. A count is a statistic, never a decision: a batch lost to
 * a crash or a failed write costs what the lost single writes cost before (the commands of those ~20 ms
 * go uncounted, and each caller's promise rejects so the failure is logged where it was before).
 */
export class UsageStats {
  private readonly window: WriteWindow<Use>;

  constructor(
    private readonly repo: Pick<MemberStatsRepo, 'addCommandsUsed' | 'get'>,
    delayMs = USAGE_DELAY_MS,
  ) {
    this.window = new WriteWindow((uses) => this.write(uses), { delayMs });
  }

  /** Counts one command; resolves once the count is written (rejects when its batch failed). */
  commandUsed(guildId: string, userId: string, at = new Date()): Promise<void> {
    return this.window.add({ guildId, userId, at });
  }

  /**
   * Writes everything counted so far. Batches are written one after the other, so it resolves once every
   * count before it is written; it rejects when this batch's write failed.
   */
  flush(): Promise<void> {
    return this.window.flush();
  }

  /** Writes what is queued (shutdown). */
  async stop(): Promise<void> {
    await this.flush().catch(() => undefined);
  }

  /** One upsert per member: the member's commands of the batch and the latest time. */
  private async write(uses: Use[]): Promise<void> {
    const byMember = new Map<string, { guildId: string; userId: string; n: number; lastAt: Date }>();
    for (const { guildId, userId, at } of uses) {
      const hit = byMember.get(`${guildId}:${userId}`);
      if (!hit) byMember.set(`${guildId}:${userId}`, { guildId, userId, n: 1, lastAt: at });
      else {
        hit.n++;
        if (at > hit.lastAt) hit.lastAt = at;
      }
    }
    await this.repo.addCommandsUsed([...byMember.values()]);
  }

  /** The member's counters, with their commands counted in this process so far written first. */
  async get(guildId: string, userId: string): Promise<MemberStats | null> {
    await this.flush().catch(() => undefined);
    return this.repo.get(guildId, userId);
  }
}


/**
 * The scheduler's waiting line, fair across groups (guilds): waiting runs are served round-robin by
 * group, a group holds at most `perGroup` slots at once, and an id never runs twice at once. Apart from
 * PollScheduler (timers, intervals, stop) because this is the fairness rule on its own.
 */
export class FairQueue<W extends { group: string }> {
  /** Waiting runs per group; `turns` lists the groups with waiting runs, next to serve first. */
  private readonly waiting = new Map<string, W[]>();
  private turns: string[] = [];
  private readonly activeByGroup = new Map<string, number>();
  /** Ids with a run going: an id never runs twice at once. */
  private readonly busy = new Set<string>();

  constructor(
    private readonly perGroup: number,
    private readonly idOf: (w: W) => string,
  ) {}

  /** Queues a run at the back of its group (a group new to the line takes the last turn). */
  push(w: W): void {
    const q = this.waiting.get(w.group);
    if (q) q.push(w);
    else {
      this.waiting.set(w.group, [w]);
      this.turns.push(w.group);
    }
  }

  /** Takes a waiting run out of the line (a job removed while queued). */
  remove(w: W): void {
    const q = this.waiting.get(w.group);
    const i = q?.indexOf(w) ?? -1;
    if (!q || i < 0) return;
    q.splice(i, 1);
    if (!q.length) {
      this.waiting.delete(w.group);
      this.turns = this.turns.filter((g) => g !== w.group);
    }
  }

  /**
   * The first group in turn with a free group slot and a waiting run whose id is not running (its first
   * such run), taken out of the line; the group then goes to the back.
   */
  next(): W | undefined {
    for (let i = 0; i < this.turns.length; i++) {
      const g = this.turns[i]!;
      if ((this.activeByGroup.get(g) ?? 0) >= this.perGroup) continue;
      const q = this.waiting.get(g)!;
      const at = q.findIndex((w) => !this.busy.has(this.idOf(w)));
      if (at < 0) continue;
      const [w] = q.splice(at, 1);
      this.turns.splice(i, 1);
      if (q.length) this.turns.push(g);
      else this.waiting.delete(g);
      return w;
    }
    return undefined;
  }

  /** A run of `id` took a slot of `group`. */
  started(id: string, group: string): void {
    this.activeByGroup.set(group, (this.activeByGroup.get(group) ?? 0) + 1);
    this.busy.add(id);
  }

  /** The run of `id` gave its slot of `group` back. */
  ended(id: string, group: string): void {
    const left = (this.activeByGroup.get(group) ?? 1) - 1;
    if (left > 0) this.activeByGroup.set(group, left);
    else this.activeByGroup.delete(group);
    this.busy.delete(id);
  }

  /** Empties the line; returns what was waiting. */
  clear(): W[] {
    const all = [...this.waiting.values()].flat();
    this.waiting.clear();
    this.turns = [];
    return all;
  }
}

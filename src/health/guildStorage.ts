/**
 * Storage per guild, for /metrics and an operator's question: how many documents (and about how many
 * bytes) each guild holds in the collections that grow with events. Bounded however many guilds there are
 * and however large one is:
 * - a pass every GUILD_STORAGE_EVERY_MS counts at most GUILD_STORAGE_GUILDS_PER_PASS guilds (the next
 *   ones in id order, round the list again and again) and stops early after GUILD_STORAGE_PASS_BUDGET_MS;
 * - a guild's count per collection is an index count stopped at GUILD_STORAGE_COUNT_CAP (reported as
 *   the cap, `capped`), its bytes the count times the mean size of GUILD_STORAGE_SAMPLE_DOCS of its documents;
 * - the figures of the GUILD_STORAGE_KEPT largest guilds are kept between passes, and /metrics shows the
 *   GUILD_STORAGE_TOP_K largest (so at most K × collections × 2 labelled series), beside each collection's
 *   total (collection metadata, no scan).
 * A guild's figure is as old as the last time the rotation reached it (a full round of N guilds takes
 * N / GUILD_STORAGE_GUILDS_PER_PASS passes); `figures(guildId)` counts one guild now, for the operator.
 */
import { BSON, type Collection, type Document, type Filter } from 'mongodb';

/** How often a pass runs. */
export const GUILD_STORAGE_EVERY_MS = 10 * 60_000;
/** Guilds counted per pass, at most. */
export const GUILD_STORAGE_GUILDS_PER_PASS = 200;
/** A pass stops starting guilds after this long (the guild being counted finishes). */
export const GUILD_STORAGE_PASS_BUDGET_MS = 5_000;
/** A guild's count in one collection stops here (index keys read per count, at most). */
export const GUILD_STORAGE_COUNT_CAP = 1_000_000;
/** Documents read per guild and collection to estimate their size. */
export const GUILD_STORAGE_SAMPLE_DOCS = 8;
/** Guilds whose figures are kept between passes (the largest). */
export const GUILD_STORAGE_KEPT = 100;
/** Guilds shown in /metrics (the largest). */
export const GUILD_STORAGE_TOP_K = 10;

/** A collection that grows with a guild's events, and how its documents of one guild are selected (by an index). */
export interface StorageSource {
  name: string;
  col: Collection<Document>;
  filter(guildId: string): Filter<Document>;
}

export interface GuildStorageOptions {
  sources: readonly StorageSource[];
  /** Up to `limit` guild ids after `after` ('' : from the first), in ascending order. */
  guildsAfter(after: string, limit: number): Promise<string[]>;
  guildsPerPass?: number;
  passBudgetMs?: number;
  countCap?: number;
  sampleDocs?: number;
  kept?: number;
  topK?: number;
  everyMs?: number;
  now?: () => number;
  onError?: (err: Error) => void;
}

export interface CollectionFigure {
  documents: number;
  /** Estimated: documents × mean size of a few of them. */
  bytes: number;
  /** The count stopped at the cap: there are at least `documents`. */
  capped: boolean;
}

export interface GuildFigures {
  guildId: string;
  collections: Record<string, CollectionFigure>;
  documents: number;
  bytes: number;
  countedAt: number;
}

export class GuildStorage {
  private readonly o: Required<Omit<GuildStorageOptions, 'onError'>> & Pick<GuildStorageOptions, 'onError'>;
  private readonly kept = new Map<string, GuildFigures & { round: number }>();
  private totals: Record<string, number> = {};
  private after = '';
  private round = 0;
  private countedThisRound = 0;
  private lastRoundAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(options: GuildStorageOptions) {
    this.o = {
      guildsPerPass: GUILD_STORAGE_GUILDS_PER_PASS,
      passBudgetMs: GUILD_STORAGE_PASS_BUDGET_MS,
      countCap: GUILD_STORAGE_COUNT_CAP,
      sampleDocs: GUILD_STORAGE_SAMPLE_DOCS,
      kept: GUILD_STORAGE_KEPT,
      topK: GUILD_STORAGE_TOP_K,
      everyMs: GUILD_STORAGE_EVERY_MS,
      now: Date.now,
      ...options,
    };
  }

  start(): void {
    this.running = this.pass();
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.pass());
    }, this.o.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One guild's figures, counted now (the same capped, indexed counts as a pass). */
  async figures(guildId: string): Promise<GuildFigures> {
    const collections: Record<string, CollectionFigure> = {};
    let documents = 0;
    let bytes = 0;
    for (const s of this.o.sources) {
      const filter = s.filter(guildId);
      const n = await s.col.countDocuments(filter, { limit: this.o.countCap });
      let size = 0;
      if (n > 0) {
        const docs = await s.col.find(filter).limit(this.o.sampleDocs).toArray();
        size = docs.length ? Math.round((docs.reduce((sum, d) => sum + BSON.calculateObjectSize(d), 0) / docs.length) * n) : 0;
      }
      collections[s.name] = { documents: n, bytes: size, capped: n >= this.o.countCap };
      documents += n;
      bytes += size;
    }
    return { guildId, collections, documents, bytes, countedAt: this.o.now() };
  }

  /** One pass: the next guilds of the rotation, then the collections' totals. Never rejects. */
  async pass(): Promise<void> {
    const started = this.o.now();
    try {
      const page = await this.o.guildsAfter(this.after, this.o.guildsPerPass);
      for (const guildId of page) {
        if (this.o.now() - started > this.o.passBudgetMs) break;
        this.keep(await this.figures(guildId));
        this.after = guildId;
        this.countedThisRound++;
      }
      if (page.length < this.o.guildsPerPass && this.after === (page.at(-1) ?? this.after)) this.endRound();
      const totals: Record<string, number> = {};
      for (const s of this.o.sources) totals[s.name] = await s.col.estimatedDocumentCount();
      this.totals = totals;
    } catch (err) {
      this.o.onError?.(err as Error);
    }
  }

  private keep(f: GuildFigures): void {
    this.kept.set(f.guildId, { ...f, round: this.round });
    if (this.kept.size <= this.o.kept) return;
    let smallest: string | null = null;
    for (const [id, k] of this.kept) if (smallest === null || k.documents < this.kept.get(smallest)!.documents) smallest = id;
    this.kept.delete(smallest!);
  }

  /** The list was walked to its end: start again, forgetting guilds not seen in this round (gone). */
  private endRound(): void {
    for (const [id, k] of this.kept) if (k.round < this.round) this.kept.delete(id);
    this.round++;
    this.after = '';
    this.countedThisRound = 0;
    this.lastRoundAt = this.o.now();
  }

  /** The largest guilds first, at most `topK`. */
  top(): GuildFigures[] {
    return [...this.kept.values()].sort((a, b) => b.documents - a.documents || (a.guildId < b.guildId ? -1 : 1)).slice(0, this.o.topK);
  }

  /** Prometheus text: the top guilds per collection, each collection's total, the rotation's progress. */
  render(): string {
    const lines: string[] = [];
    const top = this.top();
    const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    const series = (name: string, help: string, value: (f: CollectionFigure) => number) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
      for (const g of top) for (const [c, f] of Object.entries(g.collections)) lines.push(`${name}{guild="${esc(g.guildId)}",collection="${esc(c)}"} ${value(f)}`);
    };
    series('tower_guild_storage_documents', `Documents of the ${this.o.topK} largest guilds per collection (each count stops at ${this.o.countCap}).`, (f) => f.documents);
    series('tower_guild_storage_bytes', 'Estimated bytes of those documents (count x mean size of a few).', (f) => f.bytes);
    lines.push('# HELP tower_storage_collection_documents Documents per collection (collection metadata).', '# TYPE tower_storage_collection_documents gauge');
    for (const [c, n] of Object.entries(this.totals)) lines.push(`tower_storage_collection_documents{collection="${esc(c)}"} ${n}`);
    lines.push('# TYPE tower_guild_storage_round gauge', `tower_guild_storage_round ${this.round}`);
    lines.push('# TYPE tower_guild_storage_round_guilds_counted gauge', `tower_guild_storage_round_guilds_counted ${this.countedThisRound}`);
    if (this.lastRoundAt !== null) lines.push('# TYPE tower_guild_storage_last_round_seconds gauge', `tower_guild_storage_last_round_seconds ${Math.round(this.lastRoundAt / 1000)}`);
    return `${lines.join('\n')}\n`;
  }
}

import type {
  Collection,
  Document,
  Filter,
  FindOptions,
  OptionalUnlessRequiredId,
  UpdateFilter,
  UpdateOptions,
  CountDocumentsOptions,
  WithId,
  BulkWriteOptions,
} from 'mongodb';

/** A document that belongs to one guild. */
export interface GuildOwned extends Document {
  guildId: string;
}

/**
 * A view of a collection through which every query is pinned to one guild. The guild filter is
 * AND-ed onto every filter (a caller-supplied guildId cannot widen it) and stamped onto every insert,
 * so code holding a scope for guild A cannot read or change guild B's documents.
 */
export class GuildScopedCollection<T extends GuildOwned> {
  constructor(
    private readonly collection: Collection<T>,
    readonly guildId: string,
  ) {
    if (!guildId) throw new Error('a guild scope needs a guild id');
  }

  private scope(filter: Filter<T> = {}): Filter<T> {
    return { $and: [filter, { guildId: this.guildId }] } as Filter<T>;
  }

  private assertNoGuildChange(update: UpdateFilter<T> | Partial<T>): void {
    for (const op of Object.values(update as Record<string, unknown>)) {
      if (op && typeof op === 'object' && 'guildId' in op && (op as { guildId: unknown }).guildId !== this.guildId) {
        throw new Error('a guild-scoped update cannot move a document to another guild');
      }
    }
  }

  findOne(filter: Filter<T> = {}, options?: FindOptions): Promise<WithId<T> | null> {
    return this.collection.findOne(this.scope(filter), options);
  }

  find(filter: Filter<T> = {}, options?: FindOptions) {
    return this.collection.find(this.scope(filter), options);
  }

  countDocuments(filter: Filter<T> = {}, options?: CountDocumentsOptions): Promise<number> {
    return this.collection.countDocuments(this.scope(filter), options);
  }

  async insertOne(doc: Omit<T, 'guildId'> & Partial<Pick<T, 'guildId'>>) {
    if (doc.guildId !== undefined && doc.guildId !== this.guildId) throw new Error('cannot insert into another guild');
    return this.collection.insertOne({ ...doc, guildId: this.guildId } as OptionalUnlessRequiredId<T>);
  }

  insertMany(docs: Array<Omit<T, 'guildId'>>, options?: BulkWriteOptions) {
    return this.collection.insertMany(
      docs.map((d) => ({ ...d, guildId: this.guildId }) as OptionalUnlessRequiredId<T>),
      options,
    );
  }

  async updateOne(filter: Filter<T>, update: UpdateFilter<T>, options?: UpdateOptions) {
    this.assertNoGuildChange(update);
    if (options?.upsert) {
      // An upsert creates the document from the filter's equality fields: make sure guildId is one of them.
      filter = { ...filter, guildId: this.guildId } as Filter<T>;
    }
    return this.collection.updateOne(options?.upsert ? filter : this.scope(filter), update, options);
  }

  async updateMany(filter: Filter<T>, update: UpdateFilter<T>, options?: UpdateOptions) {
    this.assertNoGuildChange(update);
    return this.collection.updateMany(this.scope(filter), update, options);
  }

  deleteOne(filter: Filter<T>) {
    return this.collection.deleteOne(this.scope(filter));
  }

  deleteMany(filter: Filter<T> = {}) {
    return this.collection.deleteMany(this.scope(filter));
  }

  aggregate<R extends Document = Document>(pipeline: Document[]) {
    return this.collection.aggregate<R>([{ $match: { guildId: this.guildId } }, ...pipeline]);
  }
}

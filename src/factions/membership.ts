/**
 * Who is in which faction, as the rest of the bot asks it (bounties, kill posts, boards): the one
 * interface the faction service implements, so those callers depend on the question, not the storage.
 */

/** A member's faction as of now: its id and its tag (2–5 characters, unique per guild). */
export interface FactionRef {
  id: string;
  tag: string;
}

export interface FactionLookup {
  /** The current faction of each of these members that has one (members without one are absent). */
  factionOfMembers(guildId: string, userIds: readonly string[]): Promise<ReadonlyMap<string, FactionRef>>;
}

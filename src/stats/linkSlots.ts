/**
 * The tier's link count per member, held when links race (two /link or /links add for one member at
 * once), with no transaction and no counter: the technique of src/servers/slots.ts. A link reads the set
 * of the member's links, refuses at the limit, and writes its link with the slot `<guild>:<member>:<hash
 * of that set>` under a unique index (`link_slot`; src/db/setSlots.ts). Links that saw the same set claim
 * the same slot: one write wins, the others meet 11000, read again (now with the winner) and are refused
 * at the limit. A slot is held by its link's document only: removing or moving the link frees it. Links
 * written before this have no slot (the index is partial) and are counted all the same.
 */
import { isSetSlotConflict, setSlotOf } from '../db/setSlots.js';

/** A link lost its slot race this many times in a row: give up rather than spin (each loss is another link made). */
export const LINK_SLOT_ATTEMPTS = 30;

export function linkSlotOf(guildId: string, userId: string, linkIds: readonly string[]): string {
  return setSlotOf(`${guildId}:${userId}`, linkIds);
}

/** A duplicate key on the slot index (not on the player). */
export function isLinkSlotConflict(err: unknown): boolean {
  return isSetSlotConflict(err, 'linkSlot', 'link_slot');
}

/** MongoDB's duplicate-key error: a unique index refused a second document for the same key. */
export const DUPLICATE_KEY = 11000;

/** Whether an error (a driver error, or one write error of a bulk write) is a duplicate key. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
}

import { ENGLISH } from './i18n/translate.js';
import type { Msg } from './i18n/types.js';
import { MongoNetworkError, MongoNotConnectedError, MongoServerSelectionError, MongoTopologyClosedError } from 'mongodb';

/**
 * The one place that names error categories. A UserError carries a message written for the member
 * who triggered it (plain words, no internals); anything else that escapes a handler is an internal
 * error, recorded by ErrorTelemetry and shown only as a friendly message with an error id.
 */
export const ERROR_CATEGORIES = ['validation', 'permission', 'rate_limit', 'not_found', 'premium', 'conflict', 'external', 'internal'] as const;

/** A category's words are the catalog's `error.category.<name>` (src/i18n/en/core.ts). */
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** Whether a stored name is one of the categories (records keep it as a plain string). */
export function isErrorCategory(name: string): name is ErrorCategory {
  return (ERROR_CATEGORIES as readonly string[]).includes(name);
}

export class UserError extends Error {
  override readonly name = 'UserError';
  /** What the member is told, put in their words by the error boundary; `message` is its English (logs). */
  readonly text: Msg;
  constructor(
    text: Msg,
    readonly category: ErrorCategory = 'validation',
    options?: { cause?: unknown },
  ) {
    super(ENGLISH.text(text), options);
    this.text = text;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/**
 * Driver errors that mean "MongoDB cannot be reached now" (not a bad query): the bot says so and retries
 * later. By class, so the driver's subclasses (a pool cleared on a network error…) count too.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError
  );
}

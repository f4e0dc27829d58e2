/**
 * Typed component routes: a button, select or modal declares the schema of its custom-id arguments next
 * to its handler, and receives them parsed once, typed. An id whose arguments do not fit (made by an
 * older version of the bot, or edited by a client) gets the stale-control message, never a crash.
 */
import { z } from 'zod';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { GuildComponent } from './guild.js';
import type { ComponentRoute, HandlerContext, Policy } from './types.js';

export interface TypedRoute<I extends GuildComponent, A> {
  /** The custom id's arguments (after `module:action`), as a tuple schema. */
  args: z.ZodType<A>;
  policy?: Policy;
  run(ctx: HandlerContext<I>, args: A): Promise<void>;
}

export function defineRoute<I extends GuildComponent, A>(route: TypedRoute<I, A>): ComponentRoute<I> {
  return {
    ...(route.policy ? { policy: route.policy } : {}),
    run: async (ctx) => {
      const parsed = route.args.safeParse(ctx.args);
      if (!parsed.success) throw new UserError(msg('error.staleControl'), 'not_found');
      await route.run(ctx, parsed.data);
    },
  };
}

/** Argument schemas the routes share. */
export const routeArgs = {
  /** A stored document's id (a server, a pending add…). */
  id: z.string().min(1).max(64),
  /** A page number, 1 or more. */
  page: z.coerce.number().int().min(1).max(10_000),
  /** A flag written as `1`/`0`. */
  flag: z.enum(['1', '0']).transform((v) => v === '1'),
  /** A flag that may be left unset: `1`/`0`, or `-` for not given (undefined). */
  optionalFlag: z.enum(['1', '0', '-']).transform((v) => (v === '-' ? undefined : v === '1')),
};

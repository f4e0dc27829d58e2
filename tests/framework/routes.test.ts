import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isUserError } from '../../src/errors.js';
import { defineRoute, routeArgs } from '../../src/framework/routes.js';
import type { HandlerContext } from '../../src/framework/types.js';
import type { GuildButton } from '../../src/framework/guild.js';

const ctxWith = (args: string[]) => ({ args }) as unknown as HandlerContext<GuildButton>;

describe('typed component routes', () => {
  const seen: unknown[] = [];
  const route = defineRoute<GuildButton, [string, number, boolean]>({
    args: z.tuple([routeArgs.id, routeArgs.page, routeArgs.flag]),
    policy: { ephemeral: true },
    run: async (_ctx, args) => void seen.push(args),
  });

  it('hands the handler its arguments parsed once, typed', async () => {
    await route.run(ctxWith(['srv1', '3', '1']));
    expect(seen).toEqual([['srv1', 3, true]]);
    expect(route.policy).toEqual({ ephemeral: true });
  });

  it('turns an id that does not fit into the stale-control message', async () => {
    for (const args of [['srv1', 'x', '1'], ['srv1', '0', '1'], ['srv1'], ['', '2', '0'], ['srv1', '2', 'yes']]) {
      const err = await route.run(ctxWith(args)).then(() => null, (e: unknown) => e);
      expect(isUserError(err) && err.text.key, JSON.stringify(args)).toBe('error.staleControl');
    }
    expect(seen).toHaveLength(1);
  });

  it('reads an optional flag: 1, 0, or - for "not given"', () => {
    expect(['1', '0', '-'].map((v) => routeArgs.optionalFlag.parse(v))).toEqual([true, false, undefined]);
    expect(routeArgs.optionalFlag.safeParse('yes').success).toBe(false);
  });
});

/**
 * Checks every e2e file makes of its Discord double: the bot sent nothing the double has no route for
 * (`double.unhandled`: a request Discord would answer 404 "Not Found", which a test asserting on other
 * things could miss).
 */
import { afterEach, expect } from 'vitest';
import type { DiscordDouble } from './discord-double/index.js';

/** The requests no route of the double handled, as `METHOD /path` lines. */
export function unhandledRequests(double: DiscordDouble): string[] {
  return double.unhandled.map((r) => `${r.method} ${r.path}`);
}

/**
 * After every test of the file (or of the describe it is called in), asserts the double handled every
 * request the bot sent during that test. `double` is read when each test ends (it is started in a
 * beforeAll); a test that fails here names the requests it caused.
 */
export function expectEveryRequestHandled(double: () => DiscordDouble | undefined): void {
  let seen = 0;
  afterEach(() => {
    const d = double();
    if (!d) return;
    const fresh = unhandledRequests(d).slice(seen);
    seen = d.unhandled.length;
    expect(fresh, 'requests the Discord double has no route for (Discord would answer 404)').toEqual([]);
  });
}

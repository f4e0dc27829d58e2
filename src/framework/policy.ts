import type { Policy } from './types.js';

const POLICY_KEYS = ['access', 'premium', 'rateLimit', 'ephemeral'] as const;

/** The policy fields a module, subcommand or route declares (absent ones left out, so merging keeps the outer one). */
export function policyOf(source: Policy): Policy {
  return Object.fromEntries(POLICY_KEYS.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

/** The bounties domain's words (see ./core.ts for the conventions): bounties (/bounty). */
export const bounties = {
} as const;

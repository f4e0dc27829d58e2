/** The compare domain's words (see ./core.ts for the conventions): /compare (two players side by side). */
export const compare = {
} as const;

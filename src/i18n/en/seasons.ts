/** The seasons domain's words (see ./core.ts for the conventions): /season (wipes) and time windows. */
export const seasons = {
} as const;

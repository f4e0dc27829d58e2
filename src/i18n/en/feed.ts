/** The feed domain's words (see ./core.ts for the conventions). */
export const feed = {} as const;

/** The stats domain's words (see ./core.ts for the conventions). */
export const stats = {} as const;

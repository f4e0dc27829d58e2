/** The admin domain's words (see ./core.ts for the conventions). */
export const admin = {} as const;

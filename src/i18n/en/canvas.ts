/** The canvas domain's words (see ./core.ts for the conventions). */
export const canvas = {} as const;

/** The economy domain's words (see ./core.ts for the conventions). */
export const economy = {} as const;

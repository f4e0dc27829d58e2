/** The server domain's words (see ./core.ts for the conventions). */
export const server = {} as const;

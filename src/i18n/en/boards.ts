/** The boards domain's words (see ./core.ts for the conventions): /board (boards kept up to date), board images. */
export const boards = {
} as const;

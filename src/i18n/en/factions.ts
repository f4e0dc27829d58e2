/** The factions domain's words (see ./core.ts for the conventions): factions (/faction). */
export const factions = {
} as const;

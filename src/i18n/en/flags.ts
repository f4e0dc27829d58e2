/** The flags domain's words (see ./core.ts for the conventions): suspicious kills and kicks (/flags). */
export const flags = {
} as const;

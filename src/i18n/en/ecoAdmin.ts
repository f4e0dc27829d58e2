/** The ecoAdmin domain's words (see ./core.ts for the conventions): admins' economy controls (/eco). */
export const ecoAdmin = {
} as const;

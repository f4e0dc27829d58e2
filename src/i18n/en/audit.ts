/** The audit domain's words (see ./core.ts for the conventions): the admin audit log (/audit). */
export const audit = {
} as const;

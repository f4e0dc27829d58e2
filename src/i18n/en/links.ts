/** The links domain's words (see ./core.ts for the conventions): link claims, approvals, alts (/link, /unlink, /links). */
export const links = {
} as const;

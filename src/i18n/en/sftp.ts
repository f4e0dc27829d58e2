/** The sftp domain's words (see ./core.ts for the conventions). */
export const sftp = {} as const;

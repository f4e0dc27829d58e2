/** The games domain's words (see ./core.ts for the conventions): games (/coinflip, /slots, /blackjack). */
export const games = {
} as const;

/** The pure rules of bounties: which kill claims which bounty, and the totals /bounty list shows. */
import { describe, expect, it } from 'vitest';
import type { Bounty } from '../../src/db/bountySchemas.js';
import { CANCELLED_REF, claimRef, EXPIRED_REF, noClaim, planClaims, settledBy, totalsByTarget, type ClaimContext, type KillForBounty } from '../../src/bounties/rules.js';
import { outcomeOf } from '../../src/bounties/settle.js';

const T = Date.UTC(2026, 0, 10, 12);
const at = (min: number) => new Date(T + min * 60_000);
const bounty = (over: Partial<Bounty> = {}): Bounty => ({
  _id: 'b1',
  guildId: 'g',
  targetId: 'target',
  targetName: 'Target',
  placerId: 'placer',
  amount: 500,
  state: 'active',
  createdAt: at(0),
  expiresAt: at(60),
  ...over,
});
const kill = (over: Partial<KillForBounty> = {}): KillForBounty => ({ eventId: 'e1', killerId: 'hunterP', victimId: 'target', at: at(10), ...over });
const ctx = (over: Partial<ClaimContext> = {}): ClaimContext => ({
  links: new Map([
    ['hunterP', { userId: 'hunter', linkedAt: at(-100) }],
    ['placerP', { userId: 'placer', linkedAt: at(-100) }],
    ['targetP2', { userId: 'targetMember', linkedAt: at(-100) }],
    ['target', { userId: 'targetMember', linkedAt: at(-100) }],
  ]),
  factionOf: new Map(),
  ...over,
});

describe('noClaim', () => {
  it('lets a linked killer claim a bounty running at the time of the kill', () => {
    expect(noClaim(kill(), bounty(), ctx())).toBeNull();
  });

  it('pays nothing for a suicide, another victim, or a kill outside the bounty’s time', () => {
    expect(noClaim(kill({ killerId: 'target' }), bounty(), ctx())).toBe('selfKill');
    expect(noClaim(kill({ victimId: 'someone' }), bounty(), ctx())).toBe('selfKill');
    expect(noClaim(kill({ at: at(-1) }), bounty(), ctx())).toBe('outOfTime');
    expect(noClaim(kill({ at: at(60) }), bounty(), ctx())).toBe('outOfTime');
  });

  it('needs an approved link that predates the kill', () => {
    expect(noClaim(kill({ killerId: 'stranger' }), bounty(), ctx())).toBe('unlinked');
    const late = ctx({ links: new Map([['hunterP', { userId: 'hunter', linkedAt: at(11) }]]) });
    expect(noClaim(kill(), bounty(), late)).toBe('unlinked');
  });

  it('never pays the placer (a self-claim) or the target’s own member', () => {
    expect(noClaim(kill({ killerId: 'placerP' }), bounty(), ctx())).toBe('placer');
    expect(noClaim(kill({ killerId: 'targetP2' }), bounty(), ctx())).toBe('targetMember');
    // A house bounty has no placer: nobody is excluded as one.
    expect(noClaim(kill({ killerId: 'placerP' }), bounty({ placerId: null }), ctx())).toBeNull();
  });

  it('pays nothing for a team kill or a kill by a member of the target’s faction', () => {
    expect(noClaim(kill({ teamKill: true }), bounty(), ctx())).toBe('teamKill');
    const same = ctx({ factionOf: new Map([['hunter', 'f1'], ['targetMember', 'f1']]) });
    expect(noClaim(kill(), bounty(), same)).toBe('sameFaction');
    const other = ctx({ factionOf: new Map([['hunter', 'f1'], ['targetMember', 'f2']]) });
    expect(noClaim(kill(), bounty(), other)).toBeNull();
  });
});

describe('planClaims', () => {
  it('gives every bounty on a target to the first kill that may claim it, once', () => {
    const bs = [bounty({ _id: 'a' }), bounty({ _id: 'b', amount: 250 }), bounty({ _id: 'c', targetId: 'other', createdAt: at(0) })];
    const kills = [kill({ eventId: 'self', killerId: 'placerP' }), kill({ eventId: 'first' }), kill({ eventId: 'second' })];
    expect(planClaims(kills, bs, ctx())).toEqual([
      { bountyId: 'a', eventId: 'first', userId: 'hunter' },
      { bountyId: 'b', eventId: 'first', userId: 'hunter' },
    ]);
  });

  it('leaves a bounty that only a refused kill met', () => {
    expect(planClaims([kill({ teamKill: true }), kill({ killerId: 'placerP' })], [bounty()], ctx())).toEqual([]);
  });
});

describe('refs and outcomes', () => {
  it('reads the state and the claiming kill back from an out entry', () => {
    expect(settledBy(claimRef('srv', 'ev:1'))).toEqual({ state: 'claimed', claim: 'srv:ev:1' });
    expect(settledBy(EXPIRED_REF)).toEqual({ state: 'refunded' });
    expect(settledBy(CANCELLED_REF)).toEqual({ state: 'cancelled' });
    expect(outcomeOf({ ref: claimRef('srv', 'e'), legs: [{ userId: '~escrow', amount: -5 }, { userId: 'hunter', amount: 5 }] })).toEqual({ state: 'claimed', to: 'hunter', claim: 'srv:e' });
    expect(outcomeOf({ ref: EXPIRED_REF, legs: [{ userId: '~escrow', amount: -5 }] })).toEqual({ state: 'refunded' });
  });
});

describe('totalsByTarget', () => {
  it('adds up the bounties on one target, biggest total first, with the soonest expiry', () => {
    const totals = totalsByTarget([bounty({ amount: 100, expiresAt: at(50) }), bounty({ amount: 300, expiresAt: at(20) }), bounty({ targetId: 'x', targetName: 'X', amount: 350 })]);
    expect(totals).toEqual([
      { targetId: 'target', targetName: 'Target', total: 400, count: 2, expiresAt: at(20) },
      { targetId: 'x', targetName: 'X', total: 350, count: 1, expiresAt: at(60) },
    ]);
  });
});

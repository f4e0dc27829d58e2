/**
 * What /audit can name in words: every action an entry records and every change name it carries. An
 * AuditRecord's action is one of AUDIT_ACTIONS, and src/commands/audit.ts shows each through the catalog
 * key `audit.action.<action>` (a change name through `audit.change.<name>`), so an action or name listed
 * here without words in the catalog fails typecheck (every translation has the English keys).
 */
import type { MessageKey } from '../i18n/keys.js';

export const AUDIT_ACTIONS = [
  'server.trust',
  'server.edit',
  'server.remove',
  'server.retrust',
  'server.settings',
  'server.channels',
  'server.backfill',
  'settings.set',
  'canvas.reset',
  'canvas.resize',
  'canvas.lock',
  'canvas.unlock',
  'canvas.ban',
  'canvas.unban',
  'canvas.rollback',
  'season.start',
  'board.post',
  'board.remove',
  'statusboard.post',
  'statusboard.remove',
  'premium.grant',
  'premium.revoke',
  'link.approve',
  'link.reject',
  'link.add',
  'link.move',
  'link.remove',
  'eco.give',
  'eco.take',
  'eco.reset',
  'eco.settings',
  'kick',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The names of what changed that entries record; a name not listed (a newer version's) is shown as stored. */
export const AUDIT_CHANGES = [
  // Links.
  'player',
  'member',
  'from',
  // Bot settings.
  'timezone',
  'adminRoleId',
  'locale',
  'linkMode',
  'adminChannelId',
  // Servers: saved, edited, their settings and feed channels.
  'fingerprint',
  'loggedIn',
  'address',
  'username',
  'root',
  'legacy',
  'pollSeconds',
  'killfeedDelaySeconds',
  'showSuicides',
  'paused',
  'killfeedStyle',
  'longshotMetres',
  'queryPort',
  'killfeed',
  'callouts',
  'events',
  'connections',
  'playercount',
  // Boards.
  'board',
  'window',
  'server',
  'image',
  // Premium.
  'tier',
  'days',
  'was',
  // Canvas.
  'width',
  'height',
  'minutes',
  'placements',
  'pixels',
  // Seasons.
  'ended',
  'started',
  // Economy (and a kick's reason).
  'amount',
  'reason',
  'balance',
  'games',
  'killCredits',
  'pixelCredits',
  'dailyBase',
  'dailyStreakBonus',
  'bountyMin',
  'bountyMax',
  'factionCost',
  'autoBountyStreak',
  'autoBountyAmount',
  'maxBet',
] as const;
export type AuditChangeName = (typeof AUDIT_CHANGES)[number];

export const isAuditAction = (value: string): value is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(value);
export const isAuditChange = (value: string): value is AuditChangeName => (AUDIT_CHANGES as readonly string[]).includes(value);

/** Typecheck names an action or change name listed above that has no words in the catalog. */
type Unworded = Exclude<`audit.action.${AuditAction}` | `audit.change.${AuditChangeName}`, MessageKey>;
type _EveryNameWorded<T extends never> = T;
export type _Checked = _EveryNameWorded<Unworded>;

/**
 * An /audit line (src/commands/audit.ts entryLine): actions and change names in the reader's words, a
 * member's id shown as the member, the link mode in words; an action or name a newer version recorded is
 * shown as stored (escaped), so nothing breaks.
 */
import { describe, expect, it } from 'vitest';
import type { AuditListed } from '../../src/audit/auditLog.js';
import { entryLine } from '../../src/commands/audit.js';
import { ENGLISH, translator } from '../../src/i18n/translate.js';

const ADMIN = '1400000000000000001';
const ANN = '1400000000000000002';
const BOB = '1400000000000000003';
const CHANNEL = '1400000000000000004';
const at = new Date('2026-03-01T12:00:00Z');
const entry = (e: Partial<AuditListed> & Pick<AuditListed, 'kind' | 'action'>): AuditListed => ({ _id: 'e', guildId: 'g', actorId: ADMIN, target: null, at, ...e });
const after = (line: string) => line.split(' · ').slice(2).join(' · ');

describe('entryLine', () => {
  it('words an admin’s /links add and move, with the members as mentions', () => {
    const add = entryLine(entry({ kind: 'links', action: 'link.add', target: 'Wolf', changes: { player: 'abc123', member: ANN } }), ENGLISH);
    expect(after(add)).toBe(`linked a player to a member · **Wolf** · player id: abc123, member: <@${ANN}>`);
    const move = entryLine(entry({ kind: 'links', action: 'link.move', target: 'Wolf', changes: { player: 'abc123', member: BOB, from: ANN } }), ENGLISH);
    expect(after(move)).toBe(`moved a player to another member · **Wolf** · player id: abc123, member: <@${BOB}>, taken from: <@${ANN}>`);
  });

  it('words a kick read from a server’s log (no actor)', () => {
    const line = entryLine(entry({ kind: 'kicks', action: 'kick', actorId: null, target: 'Griefer', changes: { reason: 'ping' } }), ENGLISH);
    expect(line.split(' · ').slice(1).join(' · ')).toBe('the bot · kicked a player (server log) · **Griefer** · reason: ping');
  });

  it('words the bot settings’ names and the link mode, channels as channels', () => {
    const line = entryLine(entry({ kind: 'settings', action: 'settings.set', changes: { linkMode: 'open', adminChannelId: CHANNEL, timezone: 'Europe/Berlin' } }), ENGLISH);
    expect(after(line)).toBe(`changed the bot's settings · link mode: open, admin channel: <#${CHANNEL}>, time zone: Europe/Berlin`);
  });

  it('speaks the guild’s language', () => {
    const de = translator({ locale: 'de' });
    const line = entryLine(entry({ kind: 'links', action: 'link.add', target: 'Wolf', changes: { member: ANN, linkMode: 'approval' } }), de);
    expect(after(line)).toBe(`hat einen Spieler mit einem Mitglied verknüpft · **Wolf** · Mitglied: <@${ANN}>, Verknüpfungsmodus: ${de.t('links.settings.approval')}`);
  });

  it('shows an unknown action or change name as stored, escaped; digits under an unknown name stay digits', () => {
    const line = entryLine(entry({ kind: 'settings', action: 'future_thing', changes: { new_name: ANN } }), ENGLISH);
    expect(after(line)).toBe(`future\\_thing · new\\_name: ${ANN}`);
  });
});

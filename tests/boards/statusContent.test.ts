import { describe, expect, it } from 'vitest';
import { statusEmbed, statusMessage, STATUS_PLAYERS_SHOWN, STATUS_SERVERS_SHOWN, currentStates, type StatusServer } from '../../src/boards/statusContent.js';
import { ENGLISH, translator } from '../../src/i18n/translate.js';
import { msg } from '../../src/i18n/message.js';

const t = ENGLISH;
const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 20, 0, s));
const unix = (d: Date) => Math.floor(d.getTime() / 1000);

function server(over: Partial<StatusServer> = {}): StatusServer {
  return {
    name: 'EU One',
    online: 2,
    queued: 1,
    max: 50,
    startedAt: at(0),
    downSince: null,
    players: [
      { name: 'Alpha', member: 'alpha_admin', since: at(10) },
      { name: 'Bravo', member: null, since: null },
    ],
    events: [
      { type: 'airdrop', text: 'Airdrop', title: msg('feed.event.airdrop'), at: at(30) },
      { type: 'mission', text: 'Mission at Airfield', title: msg('feed.event.mission', { place: 'Airfield' }), at: at(20) },
      { type: 'serverStart', text: 'Server restarted', title: msg('feed.event.serverStart'), at: at(1) },
    ],
    ...over,
  };
}

describe('status board content', () => {
  it('shows counts, uptime, states, players with session and member name, and the last events', () => {
    const embed = statusEmbed({ scope: 'EU One', servers: [server()] }, t);
    expect(embed.title).toBe('📡 Server status · EU One');
    const lines = embed.fields![0]!.value.split('\n');
    expect(lines[0]).toBe(`🟢 **2**/50 online · 1 queued · up since <t:${unix(at(0))}:R>`);
    expect(lines[1]).toContain(`<t:${unix(at(20))}:R>`);
    expect(lines[1]).toContain(`<t:${unix(at(30))}:R>`);
    expect(lines[2]).toBe(`Alpha (alpha\\_admin) · on since <t:${unix(at(10))}:R>`);
    expect(lines[3]).toBe('Bravo');
    expect(embed.fields![1]!.name).toBe('Last events');
    expect(embed.fields![1]!.value.split('\n')).toHaveLength(3);
    expect(embed.fields![1]!.value.split('\n')[0]).toContain(`<t:${unix(at(30))}:R>`);
  });

  it('says the server is down when the query says so', () => {
    const embed = statusEmbed({ scope: 'EU One', servers: [server({ downSince: at(40) })] }, t);
    expect(embed.fields![0]!.value).toBe(`🔴 **Server down** since <t:${unix(at(40))}:R>: no answer to the server query`);
    expect(embed.color).toBe(0xed4245);
  });

  it('lists at most a page of players and counts the rest; no pings in member names', () => {
    const players = Array.from({ length: 40 }, (_, i) => ({ name: `P${i}`, member: '@everyone', since: null }));
    const embed = statusEmbed({ scope: null, servers: [server({ online: 40, players })] }, t);
    const lines = embed.fields![0]!.value.split('\n');
    expect(lines.filter((l) => /^P\d+/.test(l))).toHaveLength(STATUS_PLAYERS_SHOWN);
    expect(lines.at(-1)).toBe(`…and ${40 - STATUS_PLAYERS_SHOWN} more`);
    expect(embed.fields![0]!.value).not.toContain('@everyone');
    expect(embed.title).toBe('📡 Server status · all servers');
  });

  it('keeps a board of many full servers within Discord’s embed limits', () => {
    const players = Array.from({ length: 40 }, (_, i) => ({ name: `${'_'.repeat(40)}${i}`, member: '*'.repeat(40), since: at(i) }));
    const servers = Array.from({ length: STATUS_SERVERS_SHOWN + 5 }, (_, i) => server({ name: `Server ${i} ${'x'.repeat(90)}`, online: 40, players }));
    const embed = statusEmbed({ scope: null, servers }, t);
    const total = (embed.title ?? '').length + (embed.footer?.text ?? '').length + embed.fields!.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(embed.fields).toHaveLength(STATUS_SERVERS_SHOWN + 1);
    for (const f of embed.fields!) expect(f.value.length).toBeLessThanOrEqual(1024);
  });

  it('hashes what it shows without the time stamp', () => {
    const input = { scope: 'EU One', servers: [server()] };
    const a = statusMessage(input, t, at(50));
    const b = statusMessage(input, t, at(59));
    expect(a.hash).toBe(b.hash);
    expect(a.embed.timestamp).toBe(at(50).toISOString());
    expect(statusMessage({ scope: 'EU One', servers: [server({ online: 3 })] }, t, at(50)).hash).not.toBe(a.hash);
  });

  it('shows the newest mission, airdrop and helicrash only', () => {
    expect(currentStates([], t)).toBeNull();
    const heli = { type: 'gameplayEvent', text: 'Helicrash', title: msg('feed.event.helicrash'), at: at(5) };
    const trader = { type: 'gameplayEvent', text: 'Trader', title: msg('feed.event.trader'), at: at(6) };
    const states = currentStates([trader, heli], translator({ locale: 'de', timezone: 'UTC' }))!;
    expect(states).toContain(`<t:${unix(at(5))}:R>`);
    expect(states).not.toContain(`<t:${unix(at(6))}:R>`);
  });
});

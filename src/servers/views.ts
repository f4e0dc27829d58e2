import { EmbedBuilder } from 'discord.js';
import type { GameServer } from '../db/schemas.js';
import { clampEmbeds, clip, inlineCode, LIMITS, shownName } from '../discord/limits.js';
import { DEFAULT_FORMAT, type GuildFormat } from '../format/guildFormat.js';
import type { TierName } from '../premium/tiers.js';
import { TIERS } from '../premium/tiers.js';
import type { ConnectionReport } from '../sftp/connectivity.js';
import type { KeyCheck } from './connect.js';
import { displayPath } from '../sftp/paths.js';
import { formatAddress } from './input.js';
import type { FeedHold } from '../ingest/index.js';
import { andList } from './channels.js';

const COLOR = { ok: 0x57f287, warn: 0xfee75c, bad: 0xed4245, info: 0x5865f2 };

const ts = (d: Date | null, style = 'R') => (d ? `<t:${Math.floor(d.getTime() / 1000)}:${style}>` : 'never');
const channel = (id: string | null) => (id ? `<#${id}>` : '—');

/** Why held feed channels refuse posts, by channel id (see heldFeedText). */
export type HeldFeeds = ReadonlyMap<string, string>;
const NONE: HeldFeeds = new Map();

/**
 * One held channel in words: what the bot lacks there (from the cache, exact), or that the channel is
 * gone, or, when the cache shows nothing missing, that Discord refused and when the bot tries again.
 */
export function heldFeedText(hold: FeedHold, missing: string[] | undefined): string {
  const why =
    hold.reason === 'unknown_channel' || missing === undefined
      ? 'the channel was deleted: pick another with `/server channels`'
      : missing.length
        ? `I need ${andList(missing)} there`
        : `Discord refused posts there (code ${hold.code}); trying again ${ts(hold.probeAt)}`;
  return `${why} (since ${ts(hold.since)}; posts are kept and sent in order once it is fixed)`;
}

/** A server's held feeds, one line each. */
function heldLines(s: GameServer, held: HeldFeeds): string[] {
  return (['killfeed', 'events', 'connections'] as const).flatMap((feed) => {
    const id = s.channels[feed];
    const why = id ? held.get(id) : undefined;
    return why ? [`⏸️ **${feed} paused:** ${why}`] : [];
  });
}

/**
 * What the connection found, in lines an admin can check against their host's file manager. Folder
 * names come from the game server: shown in code spans that a backtick in a name cannot close.
 */
export function foundLines(report: ConnectionReport): string {
  const l = report.layout;
  if (!l) return 'not searched';
  const lines: string[] = [];
  if (l.killfeedDirs.length === 0) lines.push('⚠️ no killfeed folder (`actual1/deathlogs/world_N`) found under the root');
  for (const k of l.killfeedDirs.slice(0, 5)) lines.push(`📁 ${inlineCode(displayPath(l.root, k.path), 200)} — ${k.csvCount} CSV file${k.csvCount === 1 ? '' : 's'}`);
  if (l.killfeedDirs.length > 5) lines.push(`… and ${l.killfeedDirs.length - 5} more killfeed folders`);
  lines.push(l.logFile ? `📄 ${inlineCode(displayPath(l.root, l.logFile), 200)}` : '⚠️ no `Logs/Deadside.log` found');
  if (l.incomplete) lines.push('⚠️ the search stopped early: set the root path closer to the server files');
  // The bot reads the first server's logs it finds: with several, the admin should point at one.
  if (l.serverDirs.length > 1) {
    lines.push(`⚠️ ${l.serverDirs.length} game servers under this root: set the root to one server's folder, e.g. ${inlineCode(displayPath(l.root, l.serverDirs[0]!), 200)}`);
  }
  return clip(lines.join('\n'), LIMITS.fieldValue);
}

/**
 * The Trust & save prompt of /server add (and of an edit that moved the server to another host): the key
 * of a key-only check. No password was sent yet; it goes out only after Trust, to this key.
 */
export function trustPromptEmbed(name: string, host: string, port: number, key: KeyCheck): EmbedBuilder {
  return new EmbedBuilder()
    .setColor(COLOR.warn)
    .setTitle(`${shownName(name)}: check the host key`)
    .setDescription(
      'The host identified itself with the key below. If your game host shows a fingerprint, compare it; ' +
        'once trusted, the bot refuses to connect if the key ever changes (protection against interception). ' +
        'No password has been sent yet: after **Trust & save** the bot logs in with this key pinned and shows what it found.',
    )
    .addFields(
      { name: 'Address', value: `\`${formatAddress(host, port)}\``, inline: true },
      { name: 'Handshake', value: `${key.connectMs} ms`, inline: true },
      { name: 'Host key (SHA256)', value: `\`${key.fingerprint}\`` },
    )
    .setFooter({ text: 'This prompt expires in 15 minutes. The password is stored encrypted.' });
}

/** A server whose key was never trusted (it came by migration): its key, to trust before any login. */
export function unpinnedKeyEmbed(server: GameServer, presented: string): EmbedBuilder {
  return new EmbedBuilder()
    .setColor(COLOR.warn)
    .setTitle(`${shownName(server.name)}: no host key trusted yet`)
    .setDescription(
      'The bot has never checked this server\'s host key, so it has not sent its password anywhere. Compare the key below with ' +
        'the one your game host shows; **Trust key** pins it and then tests the login.',
    )
    .addFields({ name: 'Address', value: `\`${formatAddress(server.host, server.port)}\``, inline: true }, { name: 'Host key (SHA256)', value: `\`${presented}\`` });
}

export function testReportEmbed(server: GameServer, report: ConnectionReport, unblocked: boolean): EmbedBuilder {
  return new EmbedBuilder()
    .setColor(COLOR.ok)
    .setTitle(`✅ ${shownName(server.name)}: connection OK`)
    .addFields(
      { name: 'Address', value: `\`${formatAddress(server.host, server.port)}\``, inline: true },
      { name: 'Latency', value: `${report.latencyMs} ms (connect ${report.connectMs} ms)`, inline: true },
      { name: 'Host key', value: `\`${report.fingerprint}\`\n✅ matches the pinned key${unblocked ? ' again: connections are allowed again' : ''}` },
      { name: 'Found', value: foundLines(report) },
    );
}

export function mismatchEmbed(server: GameServer, presented: string): EmbedBuilder {
  return new EmbedBuilder()
    .setColor(COLOR.bad)
    .setTitle(`⚠️ ${shownName(server.name)}: the host key changed`)
    .setDescription(
      'The host presented a different key than the one trusted when the server was added. The bot will not connect until you decide.\n' +
        '• **Trust new key** if your game host moved or reinstalled the server (ask them if unsure).\n' +
        '• **Keep blocked** if nothing changed on your side: someone may be intercepting the connection.',
    )
    .addFields({ name: 'Pinned', value: `\`${server.hostKeyFingerprint}\`` }, { name: 'Presented now', value: `\`${presented}\`` });
}

function statusLine(s: GameServer): string {
  if (s.status.hostKeyMismatch) return '🔴 blocked: host key changed (run `/server test`)';
  if (s.status.credentialsUnreadable) return '🔴 paused: stored password unreadable (re-enter it with `/server edit`)';
  if (!s.hostKeyFingerprint) return '🟡 host key not trusted yet (run `/server test`)';
  if (s.status.tierPaused) return '⏸️ paused by the premium tier: beyond its server limit (resumes by itself with a higher tier or fewer servers; see `/premium status`)';
  if (s.settings.paused) return '⏸️ paused';
  if (s.status.lastError) return `🟠 error ${ts(s.status.lastErrorAt)}`;
  if (s.status.lastPollAt) return '🟢 polling';
  return '⚪ waiting for the first poll';
}

/** Discord caps a message's embeds at 6,000 characters together: many servers get one compact line each. */
const EMBED_BUDGET = 5_500;
const COMPACT_LINE = 230;

function compactLine(s: GameServer, format: GuildFormat, held: HeldFeeds): string {
  const c = s.channels;
  const icon = statusLine(s).split(' ')[0];
  const mark = (id: string | null) => `${channel(id)}${id && held.has(id) ? '⏸️' : ''}`;
  const feeds = `📰${mark(c.killfeed)} 📣${mark(c.events)} 🚪${mark(c.connections)} 🔊${channel(c.playercount)}`;
  const error = s.status.lastError ? ` · ⚠️ ${shownName(s.status.lastError, 30)}` : '';
  return clip(`${icon} **${shownName(s.name)}** \`${s._id}\` · polled ${ts(s.status.lastPollAt)} · ${format.number(s.status.linesRead)} lines${error} · ${feeds}`, COMPACT_LINE);
}

/**
 * /server list: one field per server, or compact lines over up to two embeds when that would not fit.
 * Names are shown escaped (`[EU] PvP #1 | x2` as typed); errors can quote the game server, so they are too.
 */
export function listEmbeds(servers: GameServer[], tier: TierName, format: GuildFormat = DEFAULT_FORMAT, held: HeldFeeds = NONE): EmbedBuilder[] {
  const limit = TIERS[tier].servers;
  const tierPaused = servers.filter((s) => s.status.tierPaused).length;
  const embed = new EmbedBuilder()
    .setColor(COLOR.info)
    .setTitle('Game servers')
    .setFooter({ text: `${servers.length} of ${limit} server${limit === 1 ? '' : 's'} (${TIERS[tier].label} tier)${tierPaused ? ` · ${tierPaused} paused by the tier` : ''}` });
  if (servers.length === 0) return [embed.setDescription('No game server yet. Add one with `/server add`.')];
  return clampEmbeds(listParts(embed, servers, tier, format, held).map((e) => e.toJSON())).map((e) => new EmbedBuilder(e));
}

/** The interval the server is polled at: its setting, or the tier's floor above it. */
function pollEvery(s: GameServer, tier: TierName, format: GuildFormat): string {
  const floor = TIERS[tier].minPollSeconds;
  if (s.settings.pollSeconds === 0) return `every ${format.number(floor)}s (as often as the ${TIERS[tier].label} tier allows)`;
  if (s.settings.pollSeconds >= floor) return `every ${format.number(s.settings.pollSeconds)}s`;
  return `every ${format.number(floor)}s (${TIERS[tier].label} tier minimum; set to ${format.number(s.settings.pollSeconds)}s)`;
}

function listParts(embed: EmbedBuilder, servers: GameServer[], tier: TierName, format: GuildFormat, held: HeldFeeds): EmbedBuilder[] {
  const shown = servers.slice(0, 25);
  const fields = shown.map((s) => {
    const c = s.channels;
    const value = [
      `**Status:** ${statusLine(s)}`,
      `**Address:** \`${formatAddress(s.host, s.port)}\` · root ${inlineCode(s.root, 256)}${s.legacyAlgorithms ? ' · legacy SSH' : ''}`,
      `**Last poll:** ${ts(s.status.lastPollAt)} · **lines read:** ${format.number(s.status.linesRead)} · ${pollEvery(s, tier, format)}`,
      `**Last error:** ${s.status.lastError ? shownName(s.status.lastError, 200) : 'none'}`,
      `**Channels:** killfeed ${channel(c.killfeed)} · events ${channel(c.events)} · connections ${channel(c.connections)} · player count ${channel(c.playercount)}`,
      ...heldLines(s, held),
      ...(s.status.listingNotice ? [`⚠️ ${shownName(s.status.listingNotice, 300)}`] : []),
    ].join('\n');
    return { name: `${shownName(s.name)} (id ${s._id})`, value: clip(value, LIMITS.fieldValue) };
  });
  if (fields.reduce((n, f) => n + f.name.length + f.value.length, 0) <= EMBED_BUDGET) return [embed.addFields(fields)];
  const lines = shown.map((s) => compactLine(s, format, held));
  const half = Math.ceil(lines.length / 2);
  const first = lines.slice(0, half).join('\n');
  const rest = lines.slice(half).join('\n');
  embed.setDescription(`Legend: 📰 killfeed · 📣 events · 🚪 connections · 🔊 player count · ⏸️ paused (missing permissions)\n${first}`);
  return rest ? [embed, new EmbedBuilder().setColor(COLOR.info).setDescription(rest)] : [embed];
}

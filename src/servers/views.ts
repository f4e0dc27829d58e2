import { known } from '../i18n/stored.js';
import { EmbedBuilder } from 'discord.js';
import type { GameServer } from '../db/schemas.js';
import { clampEmbeds, clip, inlineCode, LIMITS, shownName } from '../discord/limits.js';
import { msg } from '../i18n/message.js';
import { ENGLISH, type Translator } from '../i18n/translate.js';
import type { Msg, Param } from '../i18n/types.js';
import type { TierName } from '../premium/tiers.js';
import { TIERS, tierName } from '../premium/tiers.js';
import type { ConnectionReport } from '../sftp/connectivity.js';
import type { KeyCheck } from './connect.js';
import { keyChangeFields } from './hostKey.js';
import { serverMode, type ServerMode } from './mode.js';
import { displayPath } from '../sftp/paths.js';
import { formatAddress } from './input.js';
import type { FeedHold } from '../ingest/index.js';
import { feedName } from './channels.js';
import { andList } from './text.js';
import { queryLines } from './queryView.js';

const COLOR = { ok: 0x57f287, warn: 0xfee75c, bad: 0xed4245, info: 0x5865f2 };

/** A Discord timestamp (shown in the reader's own time), or "never". */
const when = (d: Date | null, style = 'R'): Param => (d ? `<t:${Math.floor(d.getTime() / 1000)}:${style}>` : msg('server.time.never'));
const channel = (id: string | null) => (id ? `<#${id}>` : '—');

/** Why held feed channels refuse posts, by channel id (see heldFeedText). */
export type HeldFeeds = ReadonlyMap<string, Msg>;
const NONE: HeldFeeds = new Map();

/**
 * One held channel in words: what the bot lacks there (from the cache, exact), or that the channel is
 * gone, or, when the cache shows nothing missing, that Discord refused and when the bot tries again.
 */
export function heldFeedText(hold: FeedHold, missing: Msg[] | undefined): Msg {
  const why =
    hold.reason === 'unknown_channel' || missing === undefined
      ? msg('server.held.deleted')
      : missing.length
        ? msg('server.held.missing', { permissions: andList(missing) })
        : msg('server.held.refused', { code: String(hold.code), retry: when(hold.probeAt) });
  return msg('server.held.text', { why, since: when(hold.since) });
}

/** A server's held feeds, one line each. */
function heldLines(s: GameServer, held: HeldFeeds, t: Translator): string[] {
  return (['killfeed', 'callouts', 'events', 'connections'] as const).flatMap((feed) => {
    const id = s.channels[feed];
    const why = id ? held.get(id) : undefined;
    return why ? [t.t('server.held.line', { feed: feedName(feed), why })] : [];
  });
}

/**
 * What the connection found, in lines an admin can check against their host's file manager. Folder
 * names come from the game server: shown in code spans that a backtick in a name cannot close.
 */
export function foundLines(report: ConnectionReport, t: Translator = ENGLISH): string {
  const l = report.layout;
  if (!l) return t.t('server.found.notSearched');
  const lines: string[] = [];
  if (l.killfeedDirs.length === 0) lines.push(t.t('server.found.noKillfeed'));
  for (const k of l.killfeedDirs.slice(0, 5)) lines.push(t.t('server.found.killfeedDir', { path: inlineCode(displayPath(l.root, k.path), 200), count: k.csvCount }));
  if (l.killfeedDirs.length > 5) lines.push(t.t('server.found.moreKillfeedDirs', { count: l.killfeedDirs.length - 5 }));
  lines.push(l.logFile ? `📄 ${inlineCode(displayPath(l.root, l.logFile), 200)}` : t.t('server.found.noLog'));
  if (l.incomplete) lines.push(t.t('server.found.incomplete'));
  // The bot reads the first server's logs it finds: with several, the admin should point at one.
  if (l.serverDirs.length > 1) {
    lines.push(t.t('server.found.severalServers', { count: l.serverDirs.length, example: inlineCode(displayPath(l.root, l.serverDirs[0]!), 200) }));
  }
  return clip(lines.join('\n'), LIMITS.fieldValue);
}

/**
 * The Trust & save prompt of /server add (and of an edit that moved the server to another host): the key
 * of a key-only check. No password was sent yet; it goes out only after Trust, to this key.
 */
export function trustPromptEmbed(name: string, host: string, port: number, key: KeyCheck, t: Translator = ENGLISH): EmbedBuilder {
  return new EmbedBuilder()
    .setColor(COLOR.warn)
    .setTitle(t.t('server.trustPrompt.title', { name: shownName(name) }))
    .setDescription(t.t('server.trustPrompt.description'))
    .addFields(
      { name: t.t('server.field.address'), value: `\`${formatAddress(host, port)}\``, inline: true },
      { name: t.t('server.field.handshake'), value: t.t('server.field.ms', { ms: key.connectMs }), inline: true },
      { name: t.t('server.field.hostKeySha256'), value: `\`${key.fingerprint}\`` },
    )
    .setFooter({ text: t.t('server.trustPrompt.footer') });
}

/** A server whose key was never trusted (it came by migration): its key, to trust before any login. */
export function unpinnedKeyEmbed(server: GameServer, presented: string, t: Translator = ENGLISH): EmbedBuilder {
  return new EmbedBuilder()
    .setColor(COLOR.warn)
    .setTitle(t.t('server.unpinned.title', { name: shownName(server.name) }))
    .setDescription(t.t('server.unpinned.description'))
    .addFields(
      { name: t.t('server.field.address'), value: `\`${formatAddress(server.host, server.port)}\``, inline: true },
      { name: t.t('server.field.hostKeySha256'), value: `\`${presented}\`` },
    );
}

export function testReportEmbed(server: GameServer, report: ConnectionReport, unblocked: boolean, t: Translator = ENGLISH): EmbedBuilder {
  return new EmbedBuilder()
    .setColor(COLOR.ok)
    .setTitle(t.t('server.testReport.title', { name: shownName(server.name) }))
    .addFields(
      { name: t.t('server.field.address'), value: `\`${formatAddress(server.host, server.port)}\``, inline: true },
      { name: t.t('server.field.latency'), value: t.t('server.testReport.latency', { ms: report.latencyMs, connectMs: report.connectMs }), inline: true },
      { name: t.t('server.field.hostKey'), value: `\`${report.fingerprint}\`\n${t.t(unblocked ? 'server.testReport.matchesAgain' : 'server.testReport.matches')}` },
      { name: t.t('server.field.found'), value: foundLines(report, t) },
    );
}

export function mismatchEmbed(server: GameServer, presented: string, t: Translator = ENGLISH): EmbedBuilder {
  return new EmbedBuilder()
    .setColor(COLOR.bad)
    .setTitle(t.t('server.mismatch.title', { name: shownName(server.name) }))
    .setDescription(t.t('server.mismatch.description'))
    .addFields(keyChangeFields(server, presented, t, 'server.field.presentedNow'));
}

/** How each mode reads in /server list; a polled server by its last poll. */
const MODE_STATUS: Record<Exclude<ServerMode, 'polled'>, { icon: string; text: Msg }> = {
  blocked: { icon: '🔴', text: msg('server.status.blocked') },
  unreadable: { icon: '🔴', text: msg('server.status.unreadable') },
  untrusted: { icon: '🟡', text: msg('server.status.untrusted') },
  tierPaused: { icon: '⏸️', text: msg('server.status.tierPaused') },
  paused: { icon: '⏸️', text: msg('server.status.paused') },
};

function status(s: GameServer): { icon: string; text: Msg } {
  const { mode } = serverMode(s);
  if (mode !== 'polled') return MODE_STATUS[mode];
  if (s.status.lastError) return { icon: '🟠', text: msg('server.status.error', { when: when(s.status.lastErrorAt) }) };
  if (s.status.lastPollAt) return { icon: '🟢', text: msg('server.status.polling') };
  return { icon: '⚪', text: msg('server.status.waiting') };
}

/** The last error in the reader's words where it is a message we name, else as the poll recorded it. */
function lastError(s: GameServer, t: Translator): string {
  return known(s.status.lastErrorText) ? t.text(s.status.lastErrorText) : (s.status.lastError ?? '');
}

function statusLine(s: GameServer, t: Translator): string {
  const { icon, text } = status(s);
  return `${icon} ${t.text(text)}`;
}

/** Discord caps a message's embeds at 6,000 characters together: many servers get one compact line each. */
const EMBED_BUDGET = 5_500;
const COMPACT_LINE = 230;

function compactLine(s: GameServer, t: Translator, held: HeldFeeds): string {
  const c = s.channels;
  const { icon } = status(s);
  const mark = (id: string | null) => `${channel(id)}${id && held.has(id) ? '⏸️' : ''}`;
  const feeds = `📰${mark(c.killfeed)} 🏆${mark(c.callouts)} 📣${mark(c.events)} 🚪${mark(c.connections)} 🔊${channel(c.playercount)}`;
  const error = s.status.lastError ? ` · ⚠️ ${shownName(lastError(s, t), 30)}` : '';
  const polled = t.t('server.list.compact', { polled: when(s.status.lastPollAt), lines: s.status.linesRead });
  // The feeds before the error: a long line loses the end of the error (the icon already says there is one), not a channel.
  return clip(`${icon} **${shownName(s.name)}** \`${s._id}\` · ${polled} · ${feeds}${error}`, COMPACT_LINE);
}

/**
 * /server list: one field per server, or compact lines over up to two embeds when that would not fit.
 * Names are shown escaped (`[EU] PvP #1 | x2` as typed); errors can quote the game server, so they are too.
 */
export function listEmbeds(servers: GameServer[], tier: TierName, t: Translator = ENGLISH, held: HeldFeeds = NONE): EmbedBuilder[] {
  const limit = TIERS[tier].servers;
  const tierPaused = servers.filter((s) => serverMode(s).overLimit).length;
  const counts = { servers: servers.length, count: limit, tier: tierName(tier) };
  const embed = new EmbedBuilder()
    .setColor(COLOR.info)
    .setTitle(t.t('server.list.title'))
    .setFooter({ text: tierPaused ? t.t('server.list.footerTierPaused', { ...counts, paused: tierPaused }) : t.t('server.list.footer', counts) });
  if (servers.length === 0) return [embed.setDescription(t.t('server.list.empty'))];
  return clampEmbeds(listParts(embed, servers, tier, t, held).map((e) => e.toJSON())).map((e) => new EmbedBuilder(e));
}

/** The interval the server is polled at: its setting, or the tier's floor above it. */
function pollEvery(s: GameServer, tier: TierName, t: Translator): string {
  const floor = TIERS[tier].minPollSeconds;
  const label = tierName(tier);
  if (s.settings.pollSeconds === 0) return t.t('server.list.pollTierMax', { seconds: floor, tier: label });
  if (s.settings.pollSeconds >= floor) return t.t('server.list.poll', { seconds: s.settings.pollSeconds });
  return t.t('server.list.pollTierFloor', { seconds: floor, tier: label, set: s.settings.pollSeconds });
}

function listParts(embed: EmbedBuilder, servers: GameServer[], tier: TierName, t: Translator, held: HeldFeeds): EmbedBuilder[] {
  const shown = servers.slice(0, 25);
  const fields = shown.map((s) => {
    const c = s.channels;
    const address = `\`${formatAddress(s.host, s.port)}\``;
    const root = inlineCode(s.root, 256);
    const value = [
      t.t('server.list.status', { status: statusLine(s, t) }),
      t.t(s.legacyAlgorithms ? 'server.list.addressLegacy' : 'server.list.address', { address, root }),
      t.t('server.list.lastPoll', { when: when(s.status.lastPollAt), lines: s.status.linesRead, every: pollEvery(s, tier, t) }),
      t.t('server.list.lastError', { error: s.status.lastError ? shownName(lastError(s, t), 200) : msg('server.list.noError') }),
      t.t('server.list.channels', { killfeed: channel(c.killfeed), callouts: channel(c.callouts), events: channel(c.events), connections: channel(c.connections), playercount: channel(c.playercount) }),
      ...queryLines(s, t),
      ...heldLines(s, held, t),
      ...(s.status.listingNotice ? [`⚠️ ${shownName(s.status.listingNotice, 300)}`] : []),
    ].join('\n');
    return { name: t.t('server.list.fieldName', { name: shownName(s.name), id: s._id }), value: clip(value, LIMITS.fieldValue) };
  });
  if (fields.reduce((n, f) => n + f.name.length + f.value.length, 0) <= EMBED_BUDGET) return [embed.addFields(fields)];
  const lines = shown.map((s) => compactLine(s, t, held));
  const half = Math.ceil(lines.length / 2);
  const first = lines.slice(0, half).join('\n');
  const rest = lines.slice(half).join('\n');
  embed.setDescription(`${t.t('server.list.legend')}\n${first}`);
  return rest ? [embed, new EmbedBuilder().setColor(COLOR.info).setDescription(rest)] : [embed];
}

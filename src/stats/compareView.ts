/**
 * One set of texts for both halves of a /compare reply: the card draws them (./compareCard.ts), the
 * embed and the attachment's description say them in words (screen readers, search and tests read what
 * the picture shows). Pure: figures in, texts out, in the guild's words (the reply is public).
 */
import type { APIEmbed } from 'discord.js';
import { clampEmbed, clip, clipRequired, escapeName, LIMITS, shownName } from '../discord/limits.js';
import { isMsg } from '../i18n/message.js';
import type { Translator } from '../i18n/translate.js';
import type { Msg } from '../i18n/types.js';
import type { PlayerStats } from '../ingest/schemas.js';
import type { WindowName } from '../ingest/windows.js';
import type { CompareCardInput, CompareRow, Lead } from './compareCard.js';
import type { DuelRecord } from './compareDuel.js';
import { WINDOW_LABELS } from './options.js';
import { topCounts } from './topCounts.js';

export const COMPARE_IMAGE = 'compare.png';
/** Discord's limit on an attachment's description (alt text). */
const ALT_MAX = 1024;
/** A player's name inside a line of the embed or the alt text. */
const NAME_MAX = 100;
const COLOR = 0xc0392b;

/** One player's figures in the window compared. */
export interface CompareSide {
  playerId: string;
  name: string;
  kills: number;
  deaths: number;
  kdr: number;
  /** The longest kill's distance in metres, or null without a kill. */
  longest: number | null;
  bestStreak: number;
  /** The weapon with the most kills, or null without a kill. */
  weapon: { name: string; kills: number } | null;
}

export interface CompareFigures {
  a: CompareSide;
  b: CompareSide;
  /** All-time, whatever the window (pair counts are not kept per window). */
  duel: DuelRecord;
  /** A server's name, or words such as "All servers". */
  scope: string | Msg;
  window: WindowName;
}

export interface CompareView {
  card: CompareCardInput;
  embed: APIEmbed;
  /** The card in words, for the attachment's description. */
  alt: string;
}

/** A player's figures from their stats document (merged over the scope's servers). */
export function sideOf(p: PlayerStats): CompareSide {
  const top = topCounts(p.weapons, 1)[0];
  return {
    playerId: p.playerId,
    name: p.name,
    kills: p.kills,
    deaths: p.deaths,
    kdr: p.kdr,
    longest: p.longestKill?.distance ?? null,
    bestStreak: p.bestStreak,
    weapon: top ? { name: top.id, kills: top.n } : null,
  };
}

/** A player known to the scope but without a kill or death in the window: their name, zeros. */
export function emptySide(p: Pick<PlayerStats, 'playerId' | 'name'>): CompareSide {
  return { playerId: p.playerId, name: p.name, kills: 0, deaths: 0, kdr: 0, longest: null, bestStreak: 0, weapon: null };
}

/** Who leads on a figure: the higher one (or lower, for deaths); null on a tie or where neither has one. */
function lead(a: number | null, b: number | null, lowerWins = false): Lead {
  if (a === null || b === null) return a !== null ? 'a' : b !== null ? 'b' : null;
  if (a === b) return null;
  return a > b !== lowerWins ? 'a' : 'b';
}

/** The rows the card and the alt text show, values in the reader's words. */
export function compareRows(f: Pick<CompareFigures, 'a' | 'b'>, t: Translator): CompareRow[] {
  const n = (v: number) => t.format.number(v);
  const metres = (v: number | null) => (v === null ? '—' : t.t('compare.metres', { distance: v }));
  const weapon = (s: CompareSide) => (s.weapon ? t.t('compare.weaponKills', { weapon: s.weapon.name, kills: s.weapon.kills }) : '—');
  const { a, b } = f;
  return [
    { label: t.t('stats.stat.kills'), a: n(a.kills), b: n(b.kills), lead: lead(a.kills, b.kills) },
    { label: t.t('stats.stat.deaths'), a: n(a.deaths), b: n(b.deaths), lead: lead(a.deaths, b.deaths, true) },
    { label: t.t('stats.stat.kdr'), a: t.format.number(a.kdr, 2), b: t.format.number(b.kdr, 2), lead: lead(a.kdr, b.kdr) },
    { label: t.t('stats.stat.longestKill'), a: metres(a.longest), b: metres(b.longest), lead: lead(a.longest, b.longest) },
    { label: t.t('stats.stat.bestStreak'), a: n(a.bestStreak), b: n(b.bestStreak), lead: lead(a.bestStreak, b.bestStreak) },
    // Weapons are not better or worse than each other.
    { label: t.t('compare.stat.weapon'), a: weapon(a), b: weapon(b), lead: null },
  ];
}

/** The two sentences of the duel, names as given (escaped by the caller where markdown renders). */
function duelLines(f: CompareFigures, t: Translator, name: (s: CompareSide) => string): [string, string] {
  return [
    t.t('compare.duel.killed', { killer: name(f.a), victim: name(f.b), count: f.duel.aKilledB }),
    t.t('compare.duel.killed', { killer: name(f.b), victim: name(f.a), count: f.duel.bKilledA }),
  ];
}

export function compareView(f: CompareFigures, t: Translator): CompareView {
  const rows = compareRows(f, t);
  const windowed = f.window !== 'all';
  const scope = isMsg(f.scope) ? t.text(f.scope) : f.scope;
  const subtitle = `${scope} · ${t.t(WINDOW_LABELS[f.window])}`;
  const card: CompareCardInput = {
    names: [f.a.name, f.b.name],
    vs: t.t('compare.card.vs'),
    subtitle,
    rows,
    duel: {
      label: t.t('compare.card.duel'),
      note: windowed ? t.t('compare.card.allTime') : null,
      a: f.duel.aKilledB,
      b: f.duel.bKilledA,
      aText: t.format.number(f.duel.aKilledB),
      bText: t.format.number(f.duel.bKilledA),
    },
  };
  const bold = (s: CompareSide) => `**${shownName(s.name, NAME_MAX)}**`;
  const embed: APIEmbed = clampEmbed({
    color: COLOR,
    title: clipRequired(t.t('compare.title', { a: shownName(f.a.name, NAME_MAX), b: shownName(f.b.name, NAME_MAX) }), LIMITS.title),
    description: `${isMsg(f.scope) ? scope : escapeName(scope)} · ${t.t(WINDOW_LABELS[f.window])}`,
    fields: [{ name: t.t(windowed ? 'compare.duelAllTime' : 'compare.duel'), value: duelLines(f, t, bold).join('\n'), inline: false }],
    image: { url: `attachment://${COMPARE_IMAGE}` },
  });
  const plainName = (s: CompareSide) => clip(s.name, NAME_MAX);
  const figures = rows.map((r) => t.t('compare.figure', { label: r.label, a: r.a, b: r.b })).join(', ');
  const duel = duelLines(f, t, plainName).join(', ');
  const alt = clip(t.t('compare.alt', { a: plainName(f.a), b: plainName(f.b), subtitle, figures, duel: windowed ? `${duel} (${t.t('compare.card.allTime')})` : duel }), ALT_MAX);
  return { card, embed, alt };
}

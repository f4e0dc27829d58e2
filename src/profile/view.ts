/**
 * One set of texts for both halves of a /profile reply: the card draws them, the embed lists them (so
 * screen readers, search and tests read the same figures the picture shows), and the attachment's
 * description says them in a sentence. Words and numbers are the guild's (a profile is public).
 */
import type { APIEmbed } from 'discord.js';
import { clip, clipRequired, LIMITS, shownName } from '../discord/limits.js';
import type { Translator } from '../i18n/translate.js';
import type { CardTile } from './card.js';
import type { CardRequest } from './cards.js';
import type { ProfileFigures } from './data.js';
import type { ProfileIdentity } from './identity.js';

export const PROFILE_IMAGE = 'profile.png';
/** Discord's limit on an attachment's description (alt text). */
const ALT_MAX = 1024;

export interface ProfileView {
  card: CardRequest;
  embed: APIEmbed;
  /** The card in words, for the attachment's description. */
  alt: string;
}

export function profileTiles(f: ProfileFigures, t: Translator): CardTile[] {
  const n = (v: number) => t.format.number(v);
  const p = f.player;
  return [
    { label: t.t('economy.profile.credits'), value: n(f.credits) },
    { label: t.t('economy.profile.rank'), value: f.rank === null ? '—' : `#${n(f.rank)}` },
    { label: t.t('economy.profile.streak'), value: t.t('economy.profile.streakDays', { count: f.streak }) },
    { label: t.t('economy.profile.pixels'), value: n(f.pixels) },
    { label: t.t('economy.profile.commands'), value: n(f.commands) },
    { label: t.t('economy.profile.kills'), value: p ? n(p.kills) : '—' },
    { label: t.t('economy.profile.deaths'), value: p ? n(p.deaths) : '—' },
    { label: t.t('economy.profile.kdr'), value: p ? t.format.number(p.kdr, 2) : '—' },
  ];
}

/** The member's players (main first; kills, deaths and K/D are their sums) and claims awaiting approval. */
function linkedValue(f: ProfileFigures, t: Translator): string {
  const lines = f.players.map((p) => `**${shownName(p.name)}**`);
  if (f.pending.length) lines.push(t.t('links.profile.pending', { names: f.pending.map((n) => shownName(n)).join(', ') }));
  return clip(lines.join('\n'), LIMITS.fieldValue) || t.t('economy.profile.noPlayer');
}

export function profileView(who: ProfileIdentity, f: ProfileFigures, t: Translator): ProfileView {
  const tiles = profileTiles(f, t);
  const playerLine = f.player ? t.t('economy.profile.linkedLine', { name: f.player.name }) : t.t('economy.profile.noPlayerLine');
  const card: CardRequest = {
    displayName: who.displayName,
    lines: [`@${who.username}`, playerLine],
    tiles,
    background: f.background,
    seed: who.userId,
    avatarUrl: who.avatarUrl,
  };
  // Kills, deaths and K/D only mean something with a player; without one the field says so instead.
  const shown = f.player ? tiles : tiles.slice(0, 5);
  const embed: APIEmbed = {
    title: clipRequired(shownName(who.displayName), LIMITS.title),
    description: `<@${who.userId}>`,
    color: f.background[0] & 0xffffff,
    fields: [
      ...shown.slice(0, 5).map((tile) => ({ name: tile.label, value: tile.value, inline: true })),
      { name: t.t('economy.profile.linkedPlayer'), value: linkedValue(f, t), inline: true },
      ...shown.slice(5).map((tile) => ({ name: tile.label, value: tile.value, inline: true })),
    ],
    image: { url: `attachment://${PROFILE_IMAGE}` },
  };
  const figures = shown.map((tile) => t.t('economy.profile.figure', { label: tile.label, value: tile.value })).join(', ');
  const alt = clip(t.t('economy.profile.alt', { name: clip(who.displayName, 100), figures, player: playerLine }), ALT_MAX);
  return { card, embed, alt };
}

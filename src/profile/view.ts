/**
 * One set of texts for both halves of a /profile reply: the card draws them, the embed lists them (so
 * screen readers, search and tests read the same figures the picture shows), and the attachment's
 * description says them in a sentence. Numbers follow the guild's locale.
 */
import type { APIEmbed } from 'discord.js';
import { clip, clipRequired, LIMITS, shownName } from '../discord/limits.js';
import type { GuildFormat } from '../format/guildFormat.js';
import type { CardTile } from './card.js';
import type { CardRequest } from './cards.js';
import type { ProfileFigures } from './data.js';
import type { ProfileIdentity } from './identity.js';

export const PROFILE_IMAGE = 'profile.png';
export const NO_PLAYER = 'no linked player';
/** Discord's limit on an attachment's description (alt text). */
const ALT_MAX = 1024;

export interface ProfileView {
  card: CardRequest;
  embed: APIEmbed;
  /** The card in words, for the attachment's description. */
  alt: string;
}

export function profileTiles(f: ProfileFigures, fmt: GuildFormat): CardTile[] {
  const n = (v: number) => fmt.number(v);
  const p = f.player;
  return [
    { label: 'Credits', value: n(f.credits) },
    { label: 'Rank', value: f.rank === null ? '—' : `#${n(f.rank)}` },
    { label: 'Daily streak', value: `${n(f.streak)} ${f.streak === 1 ? 'day' : 'days'}` },
    { label: 'Pixels placed', value: n(f.pixels) },
    { label: 'Commands used', value: n(f.commands) },
    { label: 'Kills', value: p ? n(p.kills) : '—' },
    { label: 'Deaths', value: p ? n(p.deaths) : '—' },
    { label: 'K/D', value: p ? fmt.number(p.kdr, 2) : '—' },
  ];
}

export function profileView(who: ProfileIdentity, f: ProfileFigures, fmt: GuildFormat): ProfileView {
  const tiles = profileTiles(f, fmt);
  const playerLine = f.player ? `Linked player: ${f.player.name}` : `No linked player`;
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
      ...shown.slice(0, 5).map((t) => ({ name: t.label, value: t.value, inline: true })),
      { name: 'Linked player', value: f.player ? `**${shownName(f.player.name)}**` : NO_PLAYER, inline: true },
      ...shown.slice(5).map((t) => ({ name: t.label, value: t.value, inline: true })),
    ],
    image: { url: `attachment://${PROFILE_IMAGE}` },
  };
  const alt = clip(`Profile card of ${clip(who.displayName, 100)}. ${shown.map((t) => `${t.label}: ${t.value}`).join(', ')}. ${playerLine}.`, ALT_MAX);
  return { card, embed, alt };
}

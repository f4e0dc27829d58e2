/**
 * What a killfeed row means: the event types parseKillfeedLine returns, and the classification of a row
 * (kill, suicide, death; roadkill; suicide kind) shared by its fast and slow paths.
 */

/** Platforms seen in real files. Other alphanumeric tokens are accepted as-is (future platforms). */
export const KNOWN_PLATFORMS = ['PS5', 'XSX', 'PC'] as const;
export type KnownPlatform = (typeof KNOWN_PLATFORMS)[number];
export type Platform = KnownPlatform | (string & {});

export interface KillfeedPlayer {
  name: string;
  /** EOS id: 32 lowercase hex characters. */
  id: string;
  /** Only present in 9-field rows, and only when the field is not empty. */
  platform?: Platform;
}

export type SuicideKind = 'menu' | 'fall' | 'vehicle' | 'other';
export type KillKind = 'kill' | 'suicide' | 'death';

interface KillEventBase {
  /** Server time (UTC). */
  timestamp: Date;
  /** The timestamp exactly as written, `YYYY.MM.DD-HH.MM.SS`. */
  timestampRaw: string;
  victim: KillfeedPlayer;
  /** Weapon (or cause) as written; empty for some deaths with no killer. */
  weapon: string;
  /** Metres. */
  distance: number;
  /** 7 (pre-April 2025) or 9 (with platforms). */
  fieldCount: 7 | 9;
}

/** Player-versus-player kill. `roadkill` when the weapon is `land_vehicle` or `boat`. */
export interface PlayerKillEvent extends KillEventBase {
  kind: 'kill';
  killer: KillfeedPlayer;
  roadkill: boolean;
}

/** killer id equals victim id. */
export interface SuicideEvent extends KillEventBase {
  kind: 'suicide';
  killer: KillfeedPlayer;
  suicideKind: SuicideKind;
  roadkill: false;
}

/** Empty killer name and id: the victim died with no killer recorded. */
export interface DeathEvent extends KillEventBase {
  kind: 'death';
  killer: null;
  roadkill: false;
}

export type KillEvent = PlayerKillEvent | SuicideEvent | DeathEvent;

export type KillfeedParseResult = { ok: true; event: KillEvent } | { ok: false; reason: string };

/** Classify a suicide by its weapon field. */
export function suicideKindOf(weapon: string): SuicideKind {
  switch (weapon) {
    case 'suicide_by_relocation':
      return 'menu';
    case 'falling':
      return 'fall';
    case 'land_vehicle':
    case 'boat':
      return 'vehicle';
    default:
      return 'other';
  }
}

/** Weapons that mean "hit by a vehicle" when killer and victim differ. */
export function isVehicleWeapon(weapon: string): boolean {
  return weapon === 'land_vehicle' || weapon === 'boat';
}

/**
 * What a row means: no killer → a death; the killer is the victim → a suicide; else a kill. Both parsers
 * build their event here, so they cannot disagree on it.
 */
export function classify(
  timestamp: Date,
  timestampRaw: string,
  killer: KillfeedPlayer | null,
  victim: KillfeedPlayer,
  weapon: string,
  distance: number,
  fieldCount: 7 | 9,
  suicide: boolean,
): KillEvent {
  if (killer === null) return { kind: 'death', timestamp, timestampRaw, killer, victim, weapon, distance, fieldCount, roadkill: false };
  if (suicide) {
    return { kind: 'suicide', timestamp, timestampRaw, killer, victim, weapon, distance, fieldCount, suicideKind: suicideKindOf(weapon), roadkill: false };
  }
  return { kind: 'kill', timestamp, timestampRaw, killer, victim, weapon, distance, fieldCount, roadkill: isVehicleWeapon(weapon) };
}

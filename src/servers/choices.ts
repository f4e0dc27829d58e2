/**
 * The `server:` option's autocomplete, one rule wherever a guild's servers are offered (/server, and the
 * stats commands' option): what was typed matches a name anywhere or an id from its start, ignoring case;
 * the choice's value is the server's id, which `GameServers.resolve` takes as well as a typed name.
 */
import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { GameServer } from '../db/schemas.js';

export function serverChoices(
  servers: readonly GameServer[],
  typed: string | number,
  label: (server: GameServer) => string = (s) => s.name,
): ApplicationCommandOptionChoiceData<string>[] {
  const key = String(typed).trim().toLowerCase();
  return servers
    .filter((s) => !key || s.name.toLowerCase().includes(key) || s._id.toLowerCase().startsWith(key))
    .map((s) => ({ name: label(s), value: s._id }));
}

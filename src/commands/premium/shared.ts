/** The `guild:` option of the operators' subcommands: an id, with the bot's guilds as suggestions. */
import { ApplicationCommandOptionType, type Client } from 'discord.js';
import { shownName } from '../../discord/limits.js';
import { UserError } from '../../errors.js';
import { msg } from '../../i18n/message.js';

export const guildOption = {
  type: ApplicationCommandOptionType.String,
  name: 'guild',
  description: 'cmd.premium.guild',
  required: true,
  autocomplete: true,
  max_length: 100,
} as const;

export interface KnownGuild {
  id: string;
  name: string;
}

/** The guilds the bot is in, on every shard (one process: its own cache). */
export async function knownGuilds(client: Client): Promise<KnownGuild[]> {
  const local = () => client.guilds.cache.map((g) => ({ id: g.id, name: g.name }));
  if (!client.shard) return local();
  const perShard = await client.shard.broadcastEval((c) => c.guilds.cache.map((g) => ({ id: g.id, name: g.name }))).catch(() => [local()]);
  return perShard.flat();
}

/** An id as typed (the bot need not be in it yet), or the exact name of one guild the bot is in. */
export function resolveGuild(typed: string, known: readonly KnownGuild[]): { id: string; name: string | null } {
  const key = typed.trim();
  if (/^\d{17,20}$/.test(key)) return { id: key, name: known.find((g) => g.id === key)?.name ?? null };
  const named = known.filter((g) => g.name.toLowerCase() === key.toLowerCase());
  if (named.length === 1) return { id: named[0]!.id, name: named[0]!.name };
  throw new UserError(msg(named.length > 1 ? 'economy.premium.ambiguousGuild' : 'economy.premium.unknownGuild', { name: shownName(key, 60) }));
}

/** How a guild is named in replies: its name and id, or the id alone when the bot is not in it. */
export function guildLabel(guild: { id: string; name: string | null }): string {
  return guild.name ? `**${shownName(guild.name)}** (\`${guild.id}\`)` : `\`${guild.id}\``;
}

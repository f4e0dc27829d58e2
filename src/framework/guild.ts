/**
 * Every command of this bot runs inside a guild (definitions set the Guild context and the chain's
 * guild-only step refuses anything else), so handlers get guild-typed interactions: `guildId` is a
 * string, never `null`. 'raw' covers a guild whose GUILD_CREATE has not arrived yet.
 */
import type {
  AnySelectMenuInteraction,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  StringSelectMenuInteraction,
} from 'discord.js';

export type GuildCache = 'cached' | 'raw';

export type GuildChatInput = ChatInputCommandInteraction<GuildCache>;
export type GuildButton = ButtonInteraction<GuildCache>;
export type GuildSelect = AnySelectMenuInteraction<GuildCache>;
export type GuildStringSelect = StringSelectMenuInteraction<GuildCache>;
export type GuildModal = ModalSubmitInteraction<GuildCache>;
export type GuildAutocomplete = AutocompleteInteraction<GuildCache>;
export type GuildComponent = GuildButton | GuildSelect | GuildModal;
export type GuildInteraction = GuildChatInput | GuildComponent | GuildAutocomplete;

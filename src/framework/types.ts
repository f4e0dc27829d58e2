import type { ApplicationCommandOptionChoiceData, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Translator } from '../i18n/translate.js';
import type { Logger } from '../logger.js';
import type { TierName } from '../premium/tiers.js';
import type { AppServices } from '../services/container.js';
import type { Acknowledgement } from './acknowledgement.js';
import type { Answer } from './answer.js';
import type { GuildAutocomplete, GuildButton, GuildChatInput, GuildComponent, GuildInteraction, GuildModal, GuildSelect } from './guild.js';
import type { Access } from './permissions.js';
import type { Responder } from './responder.js';

export interface HandlerContext<I extends GuildInteraction = GuildChatInput | GuildComponent> {
  interaction: I;
  services: AppServices;
  logger: Logger;
  /** Reply, edit or follow up, whichever the interaction's state allows. */
  respond: Responder;
  /** Defer, update the clicked message or the deferred reply, open a form, follow up (./answer.ts). */
  defer: Answer['defer'];
  update: Answer['update'];
  showModal: Answer['showModal'];
  followUp: Answer['followUp'];
  /** Whether an initial response was sent; the chain's automatic defer goes through it. */
  ack: Acknowledgement;
  /** `command` or `command subcommand` — the name used in metrics, rate limits and telemetry. */
  commandName: string;
  /** Custom-id arguments for component and modal handlers. */
  args: string[];
  /** Every loaded command module (for /help). */
  commands: ReadonlyMap<string, CommandModule>;
  /**
   * The member's words (their Discord client's locale), numbers in that locale, dates in UTC: what an
   * ephemeral reply says. `memberT()` adds the guild's timezone for dates written as text.
   */
  t: Translator;
  memberT(): Promise<Translator>;
  /** The guild's words and formats (its `/settings` locale, else Discord's): public replies and posts. */
  guildT(): Promise<Translator>;
}

export type CommandContext = HandlerContext<GuildChatInput>;
/** `former`: through an alias, the former name of each renamed option (current name → former name). */
export type CommandHandler = (ctx: CommandContext, former?: Readonly<Record<string, string>>) => Promise<void>;
export type ComponentHandler<I extends GuildComponent = GuildComponent> = (ctx: HandlerContext<I>) => Promise<void>;
/** Autocomplete answers with choices, never a message: no responder. */
export type AutocompleteContext = Omit<HandlerContext<GuildAutocomplete>, 'respond' | 'defer' | 'update' | 'showModal' | 'followUp' | 'ack' | 'args' | 'commands' | 'memberT' | 'guildT'>;
export type AutocompleteHandler = (ctx: AutocompleteContext) => Promise<ApplicationCommandOptionChoiceData[]>;

/** A component handler and its policy (defaults to the module's). */
export interface ComponentRoute<I extends GuildComponent> {
  run: ComponentHandler<I>;
  policy?: Policy;
}

export interface RateLimitRule {
  /** How many uses in `windowMs` per member per guild. */
  uses: number;
  windowMs: number;
}

export interface Policy {
  access?: Access;
  premium?: TierName;
  rateLimit?: RateLimitRule | false;
  /** Whether replies (and the automatic defer of slow handlers) are ephemeral. */
  ephemeral?: boolean;
}

export type ButtonRoutes = Record<string, ComponentRoute<GuildButton>>;
export type SelectRoutes = Record<string, ComponentRoute<GuildSelect>>;
export type ModalRoutes = Record<string, ComponentRoute<GuildModal>>;

/**
 * A command module ("cog") as the dispatcher sees it: its slash definition, handler and the components
 * it owns. Custom ids starting with `name:` route here. Policies can differ per subcommand
 * (`subcommands['admin reset']`, ...). Modules are written with `defineCommand` (./define.ts).
 */
/**
 * A former name of a command, registered with Discord as a command of its own (the same options, renamed
 * ones under their former names) and answered by the same handler, with a note giving the new name.
 */
export interface CommandAliasRoute {
  name: string;
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Current option name → former name. */
  options: Readonly<Record<string, string>>;
}

export interface CommandModule extends Policy {
  name: string;
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  aliases?: readonly CommandAliasRoute[];
  execute: CommandHandler;
  subcommands?: Record<string, Policy>;
  buttons?: ButtonRoutes;
  selects?: SelectRoutes;
  modals?: ModalRoutes;
  autocomplete?: AutocompleteHandler;
}

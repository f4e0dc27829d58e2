import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  AnySelectMenuInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  ApplicationCommandOptionChoiceData,
  Interaction,
} from 'discord.js';
import type { AppServices } from '../services/container.js';
import type { Logger } from '../logger.js';
import type { TierName } from '../premium/tiers.js';
import type { Acknowledgement } from './acknowledgement.js';
import type { Access } from './permissions.js';
import type { Responder } from './responder.js';

export type ComponentInteraction = ButtonInteraction | AnySelectMenuInteraction | ModalSubmitInteraction;

export interface HandlerContext<I extends Interaction = Interaction> {
  interaction: I;
  services: AppServices;
  logger: Logger;
  /** Reply, edit or follow up, whichever the interaction's state allows. */
  respond: Responder;
  /** Whether an initial response was sent; the chain's automatic defer goes through it. */
  ack: Acknowledgement;
  /** `command` or `command subcommand` — the name used in metrics, rate limits and telemetry. */
  commandName: string;
  /** Custom-id arguments for component and modal handlers. */
  args: string[];
}

export type CommandHandler = (ctx: HandlerContext<ChatInputCommandInteraction>) => Promise<void>;
export type ComponentHandler<I extends ComponentInteraction = ComponentInteraction> = (ctx: HandlerContext<I>) => Promise<void>;
/** Autocomplete answers with choices, never a message: no responder. */
export type AutocompleteContext = Omit<HandlerContext<AutocompleteInteraction>, 'respond' | 'ack' | 'args'>;
export type AutocompleteHandler = (ctx: AutocompleteContext) => Promise<ApplicationCommandOptionChoiceData[]>;

/** A component handler and its policy (defaults to the module's). */
export interface ComponentRoute<I extends ComponentInteraction> {
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

/**
 * A command module ("cog"): its slash definition, handler and the components it owns. Custom ids
 * starting with `name:` route here. Policies can differ per subcommand (`subcommands.admin`, ...).
 */
export interface CommandModule extends Policy {
  name: string;
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute: CommandHandler;
  subcommands?: Record<string, Policy>;
  buttons?: Record<string, ComponentRoute<ButtonInteraction>>;
  selects?: Record<string, ComponentRoute<AnySelectMenuInteraction>>;
  modals?: Record<string, ComponentRoute<ModalSubmitInteraction>>;
  autocomplete?: AutocompleteHandler;
}

export function defineCommand(module: CommandModule): CommandModule {
  return module;
}

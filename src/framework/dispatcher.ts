import type { AutocompleteInteraction, Interaction, RepliableInteraction } from 'discord.js';
import type { AppServices } from '../services/container.js';
import { guardAcknowledgement } from './acknowledgement.js';
import { decodeCustomId } from './customId.js';
import { runChain } from './middleware.js';
import { createResponder } from './responder.js';
import type { GuildAutocomplete, GuildChatInput, GuildComponent } from './guild.js';
import type { CommandModule, ComponentRoute, HandlerContext, Policy } from './types.js';
import { UserError } from '../errors.js';

function policyOf(source: Policy): Policy {
  const { access, premium, rateLimit, ephemeral } = source;
  return Object.fromEntries(Object.entries({ access, premium, rateLimit, ephemeral }).filter(([, v]) => v !== undefined));
}

/**
 * Routes every interaction to the module that owns it and runs it through the middleware chain. Handlers
 * are typed for guild interactions: the chain's guild-only step refuses the others before any handler runs.
 */
export class Dispatcher {
  constructor(
    private readonly modules: ReadonlyMap<string, CommandModule>,
    private readonly services: AppServices,
  ) {}

  async handle(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) return this.autocomplete(interaction);
    if (interaction.isChatInputCommand()) {
      const module = this.modules.get(interaction.commandName);
      const sub = interaction.options.getSubcommand(false);
      const group = interaction.options.getSubcommandGroup(false);
      const commandName = [interaction.commandName, group, sub].filter(Boolean).join(' ');
      if (!module) return this.unknown(interaction, commandName);
      const policy = { ...policyOf(module), ...policyOf(module.subcommands?.[[group, sub].filter(Boolean).join(' ')] ?? {}) };
      const ctx = this.context(interaction, commandName, [], policy);
      return runChain(ctx, policy, () => module.execute(ctx as HandlerContext<GuildChatInput>));
    }
    if (interaction.isButton() || interaction.isAnySelectMenu() || interaction.isModalSubmit()) {
      const decoded = decodeCustomId(interaction.customId);
      const module = decoded && this.modules.get(decoded.module);
      const routes = (interaction.isButton() ? module?.buttons : interaction.isModalSubmit() ? module?.modals : module?.selects) as
        | Record<string, ComponentRoute<GuildComponent>>
        | undefined;
      const route = decoded && routes?.[decoded.action];
      const commandName = decoded ? `${decoded.module}:${decoded.action}` : 'unknown-component';
      if (!module || !route) return this.unknown(interaction, commandName);
      const policy = { ...policyOf(module), ...policyOf(route.policy ?? {}) };
      const ctx = this.context(interaction, commandName, decoded.args, policy);
      return runChain(ctx, policy, () => route.run(ctx as HandlerContext<GuildComponent>));
    }
  }

  private context(interaction: RepliableInteraction, commandName: string, args: string[], policy: Policy): HandlerContext<GuildChatInput | GuildComponent> {
    return {
      interaction: interaction as GuildChatInput | GuildComponent,
      commands: this.modules,
      services: this.services,
      commandName,
      args,
      respond: createResponder(interaction, policy.ephemeral ?? false),
      ack: guardAcknowledgement(interaction),
      logger: this.services.logger.child({
        interactionId: interaction.id,
        guildId: interaction.guildId,
        userId: interaction.user.id,
        command: commandName,
      }),
    };
  }

  /** A command or button from an older version of the bot: say so instead of failing silently. */
  private unknown(interaction: RepliableInteraction, commandName: string): Promise<void> {
    const ctx = this.context(interaction, commandName, [], { ephemeral: true });
    return runChain(ctx, { ephemeral: true, rateLimit: false }, async () => {
      throw new UserError('This control is no longer supported. Run the command again to get a fresh one.', 'not_found');
    });
  }

  private async autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const module = this.modules.get(interaction.commandName);
    const logger = this.services.logger.child({ guildId: interaction.guildId, userId: interaction.user.id, command: interaction.commandName });
    let choices: Awaited<ReturnType<NonNullable<CommandModule['autocomplete']>>> = [];
    try {
      if (module?.autocomplete && interaction.inGuild()) {
        choices = await module.autocomplete({ interaction: interaction as GuildAutocomplete, services: this.services, logger, commandName: interaction.commandName });
      }
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'autocomplete failed');
    }
    await interaction.respond(choices.slice(0, 25)).catch((err: Error) => logger.warn({ err: err.message }, 'autocomplete response failed'));
  }
}

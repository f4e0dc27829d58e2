import type { AutocompleteInteraction, Interaction, RepliableInteraction } from 'discord.js';
import type { AppServices } from '../services/container.js';
import { guardAcknowledgement } from './acknowledgement.js';
import { hasAccess } from './permissions.js';
import { decodeCustomId } from './customId.js';
import { runChain } from './middleware.js';
import { policyOf } from './policy.js';
import { createAnswer } from './answer.js';
import type { GuildAutocomplete, GuildChatInput, GuildComponent } from './guild.js';
import type { CommandAliasRoute, CommandModule, ComponentRoute, HandlerContext, Policy } from './types.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { Logger } from '../logger.js';
import { translator } from '../i18n/translate.js';

/** Autocomplete fires as a member types: looser than commands, still bounded (each one may query MongoDB). */
export const AUTOCOMPLETE_RATE_LIMIT = { uses: 20, windowMs: 10_000 };

/** A route by name from an id a client sent: own keys only (`__proto__`, `constructor` are not routes). */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A module's policy under a route's (or subcommand's) own: fixed once loaded, so merged once per pair. */
const mergedPolicies = new WeakMap<object, WeakMap<object, Policy>>();
const NO_POLICY: Policy = Object.freeze({});

function mergedPolicy(module: CommandModule, own: Policy | undefined): Policy {
  const inner = own ?? NO_POLICY;
  let byRoute = mergedPolicies.get(module);
  if (!byRoute) mergedPolicies.set(module, (byRoute = new WeakMap()));
  let policy = byRoute.get(inner);
  if (!policy) byRoute.set(inner, (policy = Object.freeze({ ...policyOf(module), ...policyOf(inner) })));
  return policy;
}

/**
 * Routes every interaction to the module that owns it and runs it through the middleware chain. Handlers
 * are typed for guild interactions: the chain's guild-only step refuses the others before any handler runs.
 */
export class Dispatcher {
  /** Former command names (aliases) → the module that answers them. */
  private readonly aliases = new Map<string, { module: CommandModule; alias: CommandAliasRoute }>();

  constructor(
    private readonly modules: ReadonlyMap<string, CommandModule>,
    private readonly services: AppServices,
  ) {
    for (const module of modules.values()) for (const alias of module.aliases ?? []) this.aliases.set(alias.name, { module, alias });
  }

  /** The module for a command name, current or former. */
  private commandModule(name: string): { module?: CommandModule; alias?: CommandAliasRoute } {
    const module = this.modules.get(name);
    return module ? { module } : (this.aliases.get(name) ?? {});
  }

  async handle(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) return this.autocomplete(interaction);
    if (interaction.isChatInputCommand()) {
      const { module, alias } = this.commandModule(interaction.commandName);
      const sub = interaction.options.getSubcommand(false);
      const group = interaction.options.getSubcommandGroup(false);
      // Under its current name: an alias shares the command's policies, rate limit, metrics and stats.
      const commandName = [module?.name ?? interaction.commandName, group, sub].filter(Boolean).join(' ');
      if (!module) return this.unknown(interaction, commandName);
      const policy = this.commandPolicy(module, [group, sub].filter(Boolean).join(' '));
      const ctx = this.context(interaction, commandName, [], policy) as HandlerContext<GuildChatInput>;
      return runChain(ctx, policy, async () => {
        await module.execute(ctx, alias?.options);
        // Members learn the new name where they used the old one; only they see it.
        if (alias) await ctx.respond({ content: ctx.t.t('error.aliasRenamed', { alias: alias.name, command: module.name }), ephemeral: true });
      });
    }
    if (interaction.isButton() || interaction.isAnySelectMenu() || interaction.isModalSubmit()) {
      const decoded = decodeCustomId(interaction.customId);
      const module = decoded && this.modules.get(decoded.module);
      const routes = (interaction.isButton() ? module?.buttons : interaction.isModalSubmit() ? module?.modals : module?.selects) as
        | Record<string, ComponentRoute<GuildComponent>>
        | undefined;
      const route = decoded && own(routes, decoded.action);
      const commandName = decoded ? `${decoded.module}:${decoded.action}` : 'unknown-component';
      if (!module || !route) return this.unknown(interaction, commandName);
      const policy = mergedPolicy(module, route.policy);
      const ctx = this.context(interaction, commandName, decoded.args, policy);
      return runChain(ctx, policy, () => route.run(ctx as HandlerContext<GuildComponent>));
    }
  }

  private commandPolicy(module: CommandModule, subcommand: string): Policy {
    return mergedPolicy(module, own(module.subcommands, subcommand));
  }

  private context(interaction: RepliableInteraction, commandName: string, args: string[], policy: Policy): HandlerContext<GuildChatInput | GuildComponent> {
    const root = this.services.logger;
    let logger: Logger | undefined;
    return {
      interaction: interaction as GuildChatInput | GuildComponent,
      commands: this.modules,
      services: this.services,
      commandName,
      args,
      // The guard goes first: every answer below goes through its patched methods.
      ack: guardAcknowledgement(interaction),
      ...createAnswer(interaction, policy.ephemeral ?? false),
      t: translator({ locale: interaction.locale }),
      memberT: () => this.services.guildConfigs.memberTexts(interaction.guildId!, interaction.locale),
      guildT: () => this.services.guildConfigs.texts(interaction.guildId!, interaction.guildLocale),
      // Made when first used: most interactions log nothing (the per-interaction line is at debug level),
      // and a pino child costs more than the rest of the context together.
      get logger(): Logger {
        return (logger ??= root.child({
          interactionId: interaction.id,
          guildId: interaction.guildId,
          userId: interaction.user.id,
          command: commandName,
        }));
      },
    };
  }

  /** A command or button from an older version of the bot: say so instead of failing silently. */
  private unknown(interaction: RepliableInteraction, commandName: string): Promise<void> {
    const ctx = this.context(interaction, commandName, [], { ephemeral: true });
    return runChain(ctx, { ephemeral: true, rateLimit: false }, async () => {
      throw new UserError(msg('error.staleControl'), 'not_found');
    });
  }

  /**
   * Suggestions go through the same access rule and a rate limit (autocomplete cannot show a message:
   * a member who may not use the command, or types too fast, gets no suggestions).
   */
  private async autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const { module } = this.commandModule(interaction.commandName);
    const sub = [interaction.options.getSubcommandGroup(false), interaction.options.getSubcommand(false)].filter(Boolean).join(' ');
    const commandName = [interaction.commandName, sub].filter(Boolean).join(' ');
    const logger = this.services.logger.child({ guildId: interaction.guildId, userId: interaction.user.id, command: commandName });
    let choices: Awaited<ReturnType<NonNullable<CommandModule['autocomplete']>>> = [];
    try {
      const inGuild = interaction.inGuild() ? (interaction as GuildAutocomplete) : null;
      if (module?.autocomplete && inGuild && (await this.mayAutocomplete(inGuild, module, sub, commandName))) {
        choices = await module.autocomplete({ interaction: inGuild, services: this.services, logger, commandName, t: translator({ locale: interaction.locale }) });
      }
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'autocomplete failed');
    }
    await interaction.respond(choices.slice(0, 25)).catch((err: Error) => logger.warn({ err: err.message }, 'autocomplete response failed'));
  }

  private async mayAutocomplete(interaction: GuildAutocomplete, module: CommandModule, sub: string, commandName: string): Promise<boolean> {
    const access = this.commandPolicy(module, sub).access ?? 'everyone';
    if (access !== 'everyone') {
      const config = await this.services.guildConfigs.get(interaction.guildId);
      if (!hasAccess(access, interaction, config, this.services.config.OWNER_IDS)) return false;
    }
    const key = `${interaction.guildId}:${interaction.user.id}:${commandName}:autocomplete`;
    return this.services.rateLimiter.take(key, AUTOCOMPLETE_RATE_LIMIT.uses, AUTOCOMPLETE_RATE_LIMIT.windowMs) === 0;
  }
}

import { ActionRowBuilder, ApplicationCommandOptionType, ButtonBuilder, ButtonStyle, EmbedBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, type LocalizationMap } from 'discord.js';
import { clampEmbed, shownName } from '../discord/limits.js';
import { encodeCustomId } from '../framework/customId.js';
import { z } from 'zod';
import { defineCommand } from '../framework/define.js';
import { defineRoute, routeArgs } from '../framework/routes.js';
import type { GuildInteraction } from '../framework/guild.js';
import { hasAccess } from '../framework/permissions.js';
import type { CommandModule } from '../framework/types.js';
import { DISCORD_LOCALE_OF } from '../i18n/locales.js';
import type { Translator } from '../i18n/translate.js';
import type { AppServices } from '../services/container.js';

interface HelpLine {
  usage: string;
  description: string;
  sub?: string;
}

const SEARCH_FIELD = 'query';

interface Described {
  description: string;
  description_localizations?: LocalizationMap | null;
}

/** A declared description in the reader's language: Discord's localization of it, else the English. */
function describedIn(item: Described, locale: string | undefined): string {
  return (locale && item.description_localizations?.[locale as keyof LocalizationMap]) || item.description;
}

/** Each command and subcommand of a module, with the key its per-subcommand policy is stored under. */
function helpLines(module: CommandModule, locale: string | undefined): HelpLine[] {
  const subs = (module.definition.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const groups = (module.definition.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.SubcommandGroup);
  if (!subs.length && !groups.length) return [{ usage: `/${module.name}`, description: describedIn(module.definition, locale) }];
  const lines: HelpLine[] = subs.map((s) => ({ usage: `/${module.name} ${s.name}`, description: describedIn(s, locale), sub: s.name }));
  for (const g of groups) {
    for (const s of 'options' in g ? (g.options ?? []) : []) {
      lines.push({ usage: `/${module.name} ${g.name} ${s.name}`, description: describedIn(s, locale), sub: `${g.name} ${s.name}` });
    }
  }
  return lines;
}

/** The commands this member may use here, as `usage — description` lines in the member's language. */
async function visibleLines(
  interaction: GuildInteraction,
  services: AppServices,
  commands: ReadonlyMap<string, CommandModule>,
  t: Translator,
): Promise<string[]> {
  const config = await services.guildConfigs.get(interaction.guildId);
  const owners = services.config.OWNER_IDS;
  const locale = t.language === 'en' ? undefined : DISCORD_LOCALE_OF[t.language];
  const lines: string[] = [];
  for (const module of [...commands.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const line of helpLines(module, locale)) {
      const access = (line.sub ? module.subcommands?.[line.sub]?.access : undefined) ?? module.access ?? 'everyone';
      if (hasAccess(access, interaction, config, owners)) lines.push(`\`${line.usage}\` — ${line.description}`);
    }
  }
  return lines;
}

/** An embed's description holds 4,096 characters and a message 6,000 in all: lines are packed below both, whole. */
const EMBED_CHARS = 3_900;
const PAGE_CHARS = 5_400;

/** The lines cut into pages of embeds (each a list of lines), in order, no line split. */
export function helpPages(lines: readonly string[]): string[][][] {
  const pages: string[][][] = [[[]]];
  let pageChars = 0;
  let embedChars = 0;
  for (const line of lines) {
    const size = line.length + 1;
    let page = pages.at(-1)!;
    if (pageChars + size > PAGE_CHARS && pageChars > 0) {
      pages.push([[]]);
      page = pages.at(-1)!;
      pageChars = embedChars = 0;
    } else if (embedChars + size > EMBED_CHARS && embedChars > 0) {
      page.push([]);
      embedChars = 0;
    }
    page.at(-1)!.push(line);
    pageChars += size;
    embedChars += size;
  }
  return pages;
}

function helpEmbeds(t: Translator, title: string, lines: string[], empty: string, page = 0): { embeds: EmbedBuilder[]; pages: number; page: number } {
  const pages = helpPages(lines);
  const at = Math.min(Math.max(0, page), pages.length - 1);
  const heading = pages.length > 1 ? t.t('admin.help.titlePaged', { page: at + 1, pages: pages.length }) : title;
  const embeds = pages[at]!.map((part, i, all) =>
    new EmbedBuilder(
      clampEmbed({
        ...(i === 0 ? { title: heading } : {}),
        description: part.join('\n') || empty,
        color: 0x5865f2,
        ...(i === all.length - 1 ? { footer: { text: t.t('admin.help.footer') } } : {}),
      }),
    ),
  );
  return { embeds, pages: pages.length, page: at };
}

/** The list page with Search and, when there are several pages, ◀ ▶ (restart-proof: the page is in the id). */
async function helpPage(ctx: { interaction: GuildInteraction; services: AppServices; commands: ReadonlyMap<string, CommandModule>; t: Translator }, page: number) {
  const { t } = ctx;
  const shown = helpEmbeds(t, t.t('admin.help.title'), await visibleLines(ctx.interaction, ctx.services, ctx.commands, t), t.t('admin.help.none'), page);
  const search = new ButtonBuilder().setCustomId(encodeCustomId('help', 'search')).setLabel(t.t('admin.help.searchButton')).setEmoji('🔎').setStyle(ButtonStyle.Secondary);
  const nav = (target: number, label: string, disabled: boolean) => new ButtonBuilder().setCustomId(encodeCustomId('help', 'page', Math.max(1, target + 1), label === '◀' ? 'p' : 'n')).setLabel(label).setStyle(ButtonStyle.Secondary).setDisabled(disabled);
  const row = new ActionRowBuilder<ButtonBuilder>();
  if (shown.pages > 1) row.addComponents(nav(shown.page - 1, '◀', shown.page === 0), search, nav(shown.page + 1, '▶', shown.page === shown.pages - 1));
  else row.addComponents(search);
  return { embeds: shown.embeds, components: [row] };
}

export default defineCommand({
  name: 'help',
  description: 'cmd.help',
  ephemeral: true,
  async run(ctx) {
    await ctx.respond(await helpPage(ctx, 0));
  },
  buttons: {
    // `page:direction` (custom ids are stored in messages: keep this shape).
    page: defineRoute({
      args: z.tuple([routeArgs.page, z.enum(['p', 'n'])]),
      async run(ctx, [page]) {
        await ctx.update(await helpPage(ctx, page - 1)); // 1-based in the id
      },
    }),
    search: {
      async run({ t, showModal }) {
        const input = new TextInputBuilder()
          .setCustomId(SEARCH_FIELD)
          .setLabel(t.t('admin.help.searchLabel'))
          .setPlaceholder(t.t('admin.help.searchPlaceholder'))
          .setStyle(TextInputStyle.Short)
          .setMinLength(1)
          .setMaxLength(50)
          .setRequired(true);
        await showModal(
          new ModalBuilder()
            .setCustomId(encodeCustomId('help', 'search'))
            .setTitle(t.t('admin.help.searchTitle'))
            .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input)),
        );
      },
    },
  },
  modals: {
    search: {
      async run({ interaction, services, respond, commands, t }) {
        const query = interaction.fields.getTextInputValue(SEARCH_FIELD).trim().toLowerCase();
        const matches = (await visibleLines(interaction, services, commands, t)).filter((line) => line.toLowerCase().includes(query));
        // What the member typed is shown back: escaped, so it cannot format or mention.
        const shown = shownName(query, 50);
        await respond({
          embeds: helpEmbeds(t, t.t('admin.help.matchesTitle', { query: shown }), matches, t.t('admin.help.noMatches', { query: shown })).embeds,
        });
      },
    },
  },
});

/**
 * `/audit [member] [kind]` (admins): the guild's audit log, newest first, a page of AUDIT_PAGE_SIZE at a
 * time. The ◀ ▶ buttons carry the page and the filter, so they work after a restart.
 */
import { ActionRowBuilder, ApplicationCommandOptionType as T, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import { z } from 'zod';
import { isAuditAction, isAuditChange } from '../audit/actions.js';
import { AUDIT_KINDS, AUDIT_PAGE_SIZE, AUDIT_RETENTION_DAYS, type AuditKind, type AuditListed } from '../audit/auditLog.js';
import { clampEmbed, clip, shownName } from '../discord/limits.js';
import { encodeCustomId } from '../framework/customId.js';
import { defineCommand } from '../framework/define.js';
import { defineRoute, routeArgs } from '../framework/routes.js';
import { choiceName } from '../i18n/commandText.js';
import { plain } from '../i18n/message.js';
import type { Translator } from '../i18n/translate.js';
import type { AppServices } from '../services/container.js';

/** `-` in a custom id: no filter. */
const ANY = '-';
/** Characters of an entry's changes shown on its line (the rest is cut with an ellipsis). */
const CHANGES_SHOWN = 300;

interface Filter {
  actorId?: string;
  kind?: AuditKind;
}

const rel = (d: Date) => `<t:${Math.floor(d.getTime() / 1000)}:R>`;
const isKind = (value: string | null): value is AuditKind => value !== null && (AUDIT_KINDS as readonly string[]).includes(value);
/** A mention stored as the target (a member, a channel, a role) is shown as one; anything else as escaped text. */
const MENTION = /^<(@|#|@&)\d{15,21}>$/;

/** Change names whose value is a member's id: shown as the member (a mention in an embed never pings). */
const MEMBER_VALUES: ReadonlySet<string> = new Set(['member', 'from']);
const ID = /^\d{15,21}$/;

// An action or change name recorded by a newer version is shown as stored; every known one has words.
const actionWords = (action: string, t: Translator): string => (isAuditAction(action) ? t.t(`audit.action.${action}`) : shownName(action, 64));
const changeName = (name: string, t: Translator): string => (isAuditChange(name) ? t.t(`audit.change.${name}`) : shownName(name, 32));

function valueText(key: string, value: string | number | boolean | null, kind: AuditKind, t: Translator): string {
  if (value === null) return '—';
  if (typeof value === 'number') return t.format.number(value);
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (ID.test(value) && MEMBER_VALUES.has(key)) return `<@${value}>`;
  if (key === 'linkMode' && (value === 'open' || value === 'approval')) return t.t(`links.settings.${value}`);
  // Channel and role settings store ids: shown as the channels and roles.
  if (ID.test(value) && (kind === 'channels' || /channel(Id)?$/i.test(key))) return `<#${value}>`;
  if (ID.test(value) && /role(Id)?$/i.test(key)) return `<@&${value}>`;
  return shownName(value, 80);
}

/** One entry's line: when · who · what · on what · what changed (stored text escaped and cut). */
export function entryLine(e: AuditListed, t: Translator): string {
  const parts = [rel(e.at), e.actorId ? `<@${e.actorId}>` : t.t('audit.bot'), actionWords(e.action, t)];
  if (e.target) parts.push(MENTION.test(e.target) ? e.target : `**${shownName(e.target, 80)}**`);
  const changes = Object.entries(e.changes ?? {}).map(([k, v]) => `${changeName(k, t)}: ${valueText(k, v, e.kind, t)}`);
  if (changes.length) parts.push(clip(changes.join(', '), CHANGES_SHOWN));
  return parts.join(' · ');
}

async function render(services: AppServices, guildId: string, t: Translator, filter: Filter, page: number) {
  const listed = await services.audit.page(guildId, filter, page - 1, AUDIT_PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(listed.total / AUDIT_PAGE_SIZE));
  const current = listed.current + 1;
  const shownFilter = [filter.actorId ? `<@${filter.actorId}>` : null, filter.kind ? t.t(`audit.kind.${filter.kind}`) : null].filter((p): p is string => p !== null);
  const lines = listed.entries.map((e) => entryLine(e, t));
  const empty = t.t(shownFilter.length ? 'audit.noneFiltered' : 'audit.none', { days: AUDIT_RETENTION_DAYS });
  const embed = clampEmbed({
    color: 0x95a5a6,
    title: t.t('audit.title'),
    description: [shownFilter.length ? t.t('audit.filter', { filter: shownFilter.join(' · ') }) : null, ...(lines.length ? lines : [empty])].filter((l) => l !== null).join('\n'),
    footer: { text: t.t('audit.footer', { page: current, pages, days: AUDIT_RETENTION_DAYS }) },
  });
  // The direction keeps the two ids distinct (Discord requires it) whatever the target pages are.
  const nav = (direction: 'p' | 'n', target: number, disabled: boolean) =>
    new ButtonBuilder()
      .setCustomId(encodeCustomId('audit', 'page', Math.max(1, target), filter.actorId ?? ANY, filter.kind ?? ANY, direction))
      .setLabel(direction === 'p' ? '◀' : '▶')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(disabled);
  return {
    embeds: [new EmbedBuilder(embed)],
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(nav('p', current - 1, current <= 1), nav('n', current + 1, current >= pages))],
  };
}

export default defineCommand({
  name: 'audit',
  description: 'cmd.audit',
  access: 'admin',
  ephemeral: true,
  options: [
    { type: T.User, name: 'member', description: 'cmd.audit.member' },
    { type: T.String, name: 'kind', description: 'cmd.audit.kind', choices: AUDIT_KINDS.map((k) => ({ ...choiceName(plain(`audit.kind.${k}`)), value: k })) },
  ],
  async run({ interaction, services, respond, t }, { member, kind }) {
    // Discord only sends a listed choice; a definition registered by an older version may list others.
    const filter: Filter = { ...(member ? { actorId: member.id } : {}), ...(isKind(kind) ? { kind } : {}) };
    await respond(await render(services, interaction.guildId, t, filter, 1));
  },
  buttons: {
    // `page:actor:kind:direction` (`-`: no filter).
    page: defineRoute({
      args: z.tuple([routeArgs.page, z.union([z.literal(ANY), z.string().regex(/^\d{15,21}$/)]), z.enum([ANY, ...AUDIT_KINDS]), z.enum(['p', 'n'])]),
      policy: { rateLimit: { uses: 10, windowMs: 10_000 } },
      async run({ interaction, services, t, update }, [page, actor, kind]) {
        const filter: Filter = { ...(actor !== ANY ? { actorId: actor } : {}), ...(kind !== ANY ? { kind } : {}) };
        await update(await render(services, interaction.guildId, t, filter, page));
      },
    }),
  },
});

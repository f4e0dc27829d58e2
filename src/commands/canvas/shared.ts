/**
 * What the /canvas subcommands and view controls share: the option helpers, the admin policy, the
 * colour check, and building or showing a view message (./controls.ts lays it out).
 */
import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import { parseColor } from '../../canvas/palette.js';
import type { RenderResult } from '../../canvas/render.js';
import type { CanvasSnapshot, PlaceResult } from '../../canvas/service.js';
import { UserError } from '../../errors.js';
import type { GuildComponent } from '../../framework/guild.js';
import type { HandlerContext, Policy } from '../../framework/types.js';
import type { Translator } from '../../i18n/translate.js';
import { viewImage, viewLine, viewMessage } from './controls.js';
import { clampState, toView, type ViewState } from './viewState.js';
import { colorText, imageLabels } from './words.js';

/** Moderation: Manage Server, and the answers stay between the moderator and the bot. */
export const ADMIN = { access: 'admin', ephemeral: true } as const satisfies Policy;

/** An x or y option; `required` stays a literal so the handler gets `number` when it is `true`. */
export function coord<const N extends 'x' | 'y', const R extends boolean>(name: N, required: R) {
  return {
    type: ApplicationCommandOptionType.Integer,
    name,
    description: name === 'x' ? 'cmd.canvas.x' : 'cmd.canvas.y',
    min_value: 0,
    max_value: 255,
    required,
  } as const;
}

/** The member a moderation subcommand acts on. */
export const MEMBER_OPTION = { type: ApplicationCommandOptionType.User, name: 'user', description: 'cmd.canvas.admin.user', required: true } as const;

export const unix = (d: Date): number => Math.ceil(d.getTime() / 1000);

/** What a member is told after placing (an ephemeral line, so in the member's words `t`). */
export function placedNote(t: Translator, x: number, y: number, color: number, nextAt: Date): string {
  return t.t('canvas.place.placed', { color: colorText(t, color), x: String(x), y: String(y), when: `<t:${unix(nextAt)}:R>` });
}

/**
 * The colour a member picked, if they may use it (palette or owned); a clear error otherwise. Palette
 * colours need no database read. With `prefetchOwned` the member's bought colours (for a colour menu)
 * load meanwhile; without it they are read only for a colour outside the palette.
 */
export async function usableColor(ctx: HandlerContext, input: string, opts: { prefetchOwned?: boolean } = {}): Promise<{ rgb: number; owned?: Promise<number[]> }> {
  const free = parseColor(input);
  if (free.ok && !opts.prefetchOwned) return { rgb: free.rgb };
  const owned = ctx.services.canvas.ownedColors(ctx.interaction.guildId, ctx.interaction.user.id);
  owned.catch(() => undefined); // awaited later; never an unhandled rejection meanwhile
  if (free.ok) return { rgb: free.rgb, owned };
  const parsed = parseColor(input, await owned);
  if (!parsed.ok) throw new UserError(parsed.reason);
  return { rgb: parsed.rgb, owned };
}

/**
 * Who a view message belongs to. Moving the cursor EDITS the clicked message when it is the member's
 * own (they ran the /canvas view, or it is their ephemeral copy): one tidy controller per member, no
 * channel spam. Anyone else clicking a public view gets an EPHEMERAL COPY at the same state instead,
 * so nobody yanks another member's cursor around; further clicks on the copy edit the copy.
 */
export function ownsMessage(interaction: GuildComponent): boolean {
  const message = interaction.message;
  if (!message) return false;
  if (message.flags.has(MessageFlags.Ephemeral)) return true;
  return message.interactionMetadata?.user.id === interaction.user.id;
}

/**
 * Whose words a view shown in answer to a control is in: the guild's when it edits a public view (the
 * member's own /canvas view), the member's for an ephemeral copy or their own ephemeral view.
 */
export function viewReader(ctx: HandlerContext<GuildComponent>): Promise<Translator> {
  const { interaction } = ctx;
  const editsPublic =
    ownsMessage(interaction) && (interaction.isMessageComponent() || interaction.isFromMessage()) && !(interaction.message?.flags.has(MessageFlags.Ephemeral) ?? false);
  return editsPublic ? ctx.guildT() : Promise.resolve(ctx.t);
}

export interface ViewInputs {
  /** A line for the member only (cooldown etc.), in their words. */
  note?: string;
  /** The canvas as the caller already has it (after a placement), to avoid a re-read. */
  snap?: CanvasSnapshot;
  /** The member's bought colours, when the caller is reading them already. */
  owned?: Promise<number[]>;
  /** The picture, when the caller has it already (a placement's preview of this view). */
  image?: Promise<RenderResult>;
}

/** The picture of a view: the caller's, else the render cache's (one render per picture and view). */
function pictureOf(ctx: HandlerContext, t: Translator, s: ViewState, current: CanvasSnapshot, image?: Promise<RenderResult>): Promise<RenderResult> {
  return image ?? ctx.services.canvas.render(ctx.interaction.guildId, toView(s, imageLabels(t, s.color)), current).then((r) => r.image);
}

/** A view message in the words of `t`, its reader (the guild's for a public view, else the member's). */
export async function buildView(ctx: HandlerContext, t: Translator, state: ViewState, inputs: ViewInputs = {}) {
  const guildId = ctx.interaction.guildId;
  const current = inputs.snap ?? (await ctx.services.canvas.snapshot(guildId));
  const s = clampState(state, current.board.width, current.board.height);
  const [image, owned] = await Promise.all([pictureOf(ctx, t, s, current, inputs.image), inputs.owned ?? ctx.services.canvas.ownedColors(guildId, ctx.interaction.user.id)]);
  return viewMessage(s, current.board, image.png, owned, t, inputs.note);
}

/** Shows a view in answer to a control: edits the member's own message, else an ephemeral copy. */
export async function showView(ctx: HandlerContext<GuildComponent>, state: ViewState, inputs: ViewInputs = {}): Promise<void> {
  const { interaction } = ctx;
  const { note } = inputs;
  const t = await viewReader(ctx);
  if (!ownsMessage(interaction) || !(interaction.isMessageComponent() || interaction.isFromMessage())) {
    await ctx.respond({ ...(await buildView(ctx, t, state, inputs)), ephemeral: true });
    return;
  }
  const ephemeral = interaction.message?.flags.has(MessageFlags.Ephemeral) ?? false;
  // On a public message the note (cooldown etc.) concerns only this member: it goes in an ephemeral follow-up.
  const body = { ...(await buildView(ctx, t, state, { ...inputs, note: ephemeral ? note : undefined })), attachments: [] };
  if (interaction.deferred || interaction.replied) await interaction.editReply(body);
  else await interaction.update(body);
  if (note && !ephemeral) await ctx.respond({ content: note, ephemeral: true });
}

/**
 * Shows a placement made with a view's Place button. On the member's own view only the text and the
 * picture change (placing changes no state, so the controls stay as they are and the member's colours
 * need no read); the picture is the one rendered while the pixel was written. Anyone else's view gets
 * an ephemeral copy, as for any control. `t` is the view's reader (viewReader), the one the picture
 * was rendered for; the note is in the member's words.
 */
export async function showPlaced(ctx: HandlerContext<GuildComponent>, t: Translator, state: ViewState, placed: PlaceResult, note: string, owned?: Promise<number[]>): Promise<void> {
  const { interaction } = ctx;
  if (!ownsMessage(interaction) || !interaction.isMessageComponent()) {
    await ctx.respond({ ...(await buildView(ctx, t, state, { note, snap: placed, ...(owned ? { owned } : {}), ...(placed.image ? { image: placed.image } : {}) })), ephemeral: true });
    return;
  }
  const s = clampState(state, placed.board.width, placed.board.height);
  const image = await pictureOf(ctx, t, s, placed, placed.image);
  const ephemeral = interaction.message.flags.has(MessageFlags.Ephemeral);
  // On a public message the note (cooldown etc.) concerns only this member: it goes in an ephemeral follow-up.
  const line = viewLine(s, placed.board, t);
  const body = { content: ephemeral ? `${note}\n${line}` : line, files: [viewImage(s, image.png, t)], attachments: [] };
  if (interaction.deferred || interaction.replied) await interaction.editReply(body);
  else await interaction.update(body);
  if (!ephemeral) await ctx.respond({ content: note, ephemeral: true });
}

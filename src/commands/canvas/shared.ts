/**
 * What the /canvas subcommands and view controls share: the option helpers, the admin policy, the
 * member's colour, and showing a view. What a view holds comes from src/canvas/memberView.ts in one
 * call; ./controls.ts lays it out.
 */
import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import { memberColor, viewCanvas, type Look, type MemberColor, type MemberView, type ViewOptions } from '../../canvas/memberView.js';
import type { GuildComponent } from '../../framework/guild.js';
import type { HandlerContext, Policy } from '../../framework/types.js';
import type { Translator } from '../../i18n/translate.js';
import { viewMessage, type ViewMessage } from './controls.js';
import { toLook, type ViewState } from './viewState.js';
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

/** The colour a member picked, if they may use it (src/canvas/memberView.ts memberColor). */
export function usableColor(ctx: HandlerContext, input: string, withOwned = false): Promise<MemberColor> {
  return memberColor(ctx.services.canvas, ctx.interaction.guildId, ctx.interaction.user.id, input, withOwned);
}

/** Where a state looks, with the picture's words in the language of `t`, its reader. */
export function lookOf(s: ViewState, t: Translator): Look {
  return toLook(s, imageLabels(t, s.color));
}

/** The state a view shows: its cursor where the view put it (inside the board). */
export function shownState(s: ViewState, view: MemberView): ViewState {
  return { ...s, x: view.cursor.x, y: view.cursor.y };
}

/** The message of a member's view, in the words of `t`. */
export function messageOf(s: ViewState, view: MemberView, t: Translator, note?: string): ViewMessage {
  return viewMessage(shownState(s, view), view.board, view.image.png, view.owned, t, note);
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

/** Whether a control's answer edits the message it came from (the member's own), rather than a copy. */
export function editsInPlace(interaction: GuildComponent): boolean {
  return ownsMessage(interaction) && (interaction.isMessageComponent() || interaction.isFromMessage());
}

/**
 * Whose words a view shown in answer to a control is in: the guild's when it edits a public view (the
 * member's own /canvas view), the member's for an ephemeral copy or their own ephemeral view.
 */
export function viewReader(ctx: HandlerContext<GuildComponent>): Promise<Translator> {
  const { interaction } = ctx;
  const editsPublic = editsInPlace(interaction) && !(interaction.message?.flags.has(MessageFlags.Ephemeral) ?? false);
  return editsPublic ? ctx.guildT() : Promise.resolve(ctx.t);
}

export interface ShowOptions extends Omit<ViewOptions, 'snap'> {
  /** A line for the member only (cooldown etc.), in their words. */
  note?: string;
}

/** Shows a view in answer to a control: edits the member's own message, else an ephemeral copy. */
export async function showView(ctx: HandlerContext<GuildComponent>, state: ViewState, opts: ShowOptions = {}): Promise<void> {
  const { interaction } = ctx;
  const { note, ...viewOptions } = opts;
  const t = await viewReader(ctx);
  const view = await viewCanvas(ctx.services.canvas, interaction.guildId, interaction.user.id, lookOf(state, t), { owned: true, ...viewOptions });
  if (!editsInPlace(interaction)) {
    await ctx.respond({ ...messageOf(state, view, t, note), ephemeral: true });
    return;
  }
  const ephemeral = interaction.message?.flags.has(MessageFlags.Ephemeral) ?? false;
  // On a public message the note (cooldown etc.) concerns only this member: it goes in an ephemeral follow-up.
  await ctx.update(messageOf(state, view, t, ephemeral ? note : undefined));
  if (note && !ephemeral) await ctx.followUp({ content: note, ephemeral: true });
}

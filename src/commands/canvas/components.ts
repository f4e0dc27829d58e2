/**
 * The view's controls (./controls.ts draws them): each reads the view state from its custom id
 * (./viewState.ts), changes it and shows the result (showView in ./shared.ts). What they show comes
 * from src/canvas/memberView.ts.
 */
import { MessageFlags } from 'discord.js';
import { boardOf, placePixel } from '../../canvas/memberView.js';
import { toHex } from '../../canvas/palette.js';
import { shownName } from '../../discord/limits.js';
import { UserError } from '../../errors.js';
import { msg } from '../../i18n/message.js';
import type { GuildButton, GuildComponent, GuildModal, GuildSelect } from '../../framework/guild.js';
import type { HandlerContext } from '../../framework/types.js';
import { jumpModal, JUMP_FIELDS, viewImage, viewLine } from './controls.js';
import { lookOf, messageOf, ownsMessage, placedNote, showView, shownState, usableColor, viewReader } from './shared.js';
import { clampState, nextStep, parseState, type ViewState } from './viewState.js';

async function moveTo(ctx: HandlerContext<GuildComponent>, change: (s: ViewState) => ViewState): Promise<void> {
  await showView(ctx, change(parseState(ctx.args)));
}

// ------------------------------------------------------------------ buttons

/** `mv:dx:dy`: one arrow of the pad, `step` pixels that way. */
export function move(ctx: HandlerContext<GuildButton>): Promise<void> {
  const [dx, dy] = ctx.args.map(Number);
  return moveTo(ctx, (s) => ({ ...s, x: Math.max(0, s.x + (dx ?? 0) * s.step), y: Math.max(0, s.y + (dy ?? 0) * s.step) }));
}

/** `step`: the centre button cycles the arrow step. */
export function cycleStep(ctx: HandlerContext<GuildButton>): Promise<void> {
  return moveTo(ctx, (s) => ({ ...s, step: nextStep(s.step) }));
}

export function refresh(ctx: HandlerContext<GuildButton>): Promise<void> {
  return moveTo(ctx, (s) => s);
}

/** `jump`: asks for coordinates in a modal, which carries the state on to `jumpTo`. */
export async function openJump(ctx: HandlerContext<GuildButton>): Promise<void> {
  const state = parseState(ctx.args);
  const { board } = await boardOf(ctx.services.canvas, ctx.interaction.guildId);
  // The modal is the member's own: their words.
  await ctx.showModal(jumpModal(clampState(state, board.width, board.height), board, ctx.t));
}

/**
 * `place`: the selected colour at the cursor, and the view of the board the placement returned. On the
 * member's own view only its picture and text change (placing changes no state, so the controls stay and
 * the member's colours need no read); anyone else's view gets an ephemeral copy, as for any control. The
 * picture is in the words of the view it goes to (viewReader), the note in the member's.
 */
export async function placeAtCursor(ctx: HandlerContext<GuildButton>): Promise<void> {
  const { interaction } = ctx;
  const state = parseState(ctx.args);
  const [color, t] = await Promise.all([usableColor(ctx, toHex(state.color)), viewReader(ctx)]);
  const inPlace = ownsMessage(interaction);
  const placed = await placePixel(ctx.services.canvas, interaction.guildId, interaction.user.id, { x: state.x, y: state.y, color: color.rgb }, lookOf(state, t), {
    owned: inPlace ? false : (color.owned ?? true),
  });
  const { view } = placed;
  const note = placedNote(ctx.t, state.x, state.y, color.rgb, placed.nextAt);
  if (!inPlace) {
    await ctx.respond({ ...messageOf(state, view, t, note), ephemeral: true });
    return;
  }
  const s = shownState(state, view);
  const ephemeral = interaction.message.flags.has(MessageFlags.Ephemeral);
  // On a public message the note concerns only this member: it goes in an ephemeral follow-up.
  const line = viewLine(s, view.board, t);
  await ctx.update({ content: ephemeral ? `${note}\n${line}` : line, files: [viewImage(s, view.image.png, t)] });
  if (!ephemeral) await ctx.followUp({ content: note, ephemeral: true });
}

// ------------------------------------------------------------------ selects

export function zoom(ctx: HandlerContext<GuildSelect>): Promise<void> {
  return moveTo(ctx, (s) => ({ ...s, zoom: Number(ctx.interaction.values[0]) || 1 }));
}

export async function pickColor(ctx: HandlerContext<GuildSelect>): Promise<void> {
  const { rgb, owned } = await usableColor(ctx, ctx.interaction.values[0] ?? '', true);
  await showView(ctx, { ...parseState(ctx.args), color: rgb }, owned ? { owned } : {});
}

// ------------------------------------------------------------------ modals

/** The `jump` modal's answer: the cursor moves to the typed pixel, which must be on the board. */
export async function jumpTo(ctx: HandlerContext<GuildModal>): Promise<void> {
  const state = parseState(ctx.args);
  const read = (field: string): number => {
    const raw = ctx.interaction.fields.getTextInputValue(field).trim();
    if (!/^\d{1,4}$/.test(raw)) throw new UserError(msg('canvas.jump.notNumber', { field, value: shownName(raw, 10) }));
    return Number(raw);
  };
  await showView(ctx, { ...state, x: read(JUMP_FIELDS.x), y: read(JUMP_FIELDS.y) }, { strict: true });
}

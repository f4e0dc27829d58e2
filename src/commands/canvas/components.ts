/**
 * The view's controls (./controls.ts draws them): each reads the view state from its custom id
 * (./viewState.ts), changes it and shows the result (showView in ./shared.ts).
 */
import { toHex } from '../../canvas/palette.js';
import { assertInside } from '../../canvas/service.js';
import { shownName } from '../../discord/limits.js';
import { UserError } from '../../errors.js';
import { msg } from '../../i18n/message.js';
import type { GuildButton, GuildComponent, GuildModal, GuildSelect } from '../../framework/guild.js';
import type { HandlerContext } from '../../framework/types.js';
import { jumpModal, JUMP_FIELDS } from './controls.js';
import { placedNote, showPlaced, showView, usableColor, viewReader } from './shared.js';
import { imageLabels } from './words.js';
import { clampState, nextStep, parseState, toView, type ViewState } from './viewState.js';

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
  const { board } = await ctx.services.canvas.snapshot(ctx.interaction.guildId);
  // The modal is the member's own: their words.
  await ctx.interaction.showModal(jumpModal(clampState(state, board.width, board.height), board, ctx.t));
}

/**
 * `place`: the selected colour at the cursor. The view's picture with the pixel is rendered while the
 * pixel is written, and only the picture and the text of the member's view change (showPlaced). The
 * picture is in the words of the view it goes to (viewReader), the note in the member's.
 */
export async function placeAtCursor(ctx: HandlerContext<GuildButton>): Promise<void> {
  const state = parseState(ctx.args);
  const [{ rgb, owned }, t] = await Promise.all([usableColor(ctx, toHex(state.color)), viewReader(ctx)]);
  const preview = toView(state, imageLabels(t, state.color));
  const result = await ctx.services.canvas.place(ctx.interaction.guildId, ctx.interaction.user.id, state.x, state.y, rgb, { preview });
  await showPlaced(ctx, t, state, result, placedNote(ctx.t, state.x, state.y, rgb, result.nextAt), owned);
}

// ------------------------------------------------------------------ selects

export function zoom(ctx: HandlerContext<GuildSelect>): Promise<void> {
  return moveTo(ctx, (s) => ({ ...s, zoom: Number(ctx.interaction.values[0]) || 1 }));
}

export async function pickColor(ctx: HandlerContext<GuildSelect>): Promise<void> {
  const { rgb, owned } = await usableColor(ctx, ctx.interaction.values[0] ?? '', { prefetchOwned: true });
  await showView(ctx, { ...parseState(ctx.args), color: rgb }, { owned });
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
  const x = read(JUMP_FIELDS.x);
  const y = read(JUMP_FIELDS.y);
  const snap = await ctx.services.canvas.snapshot(ctx.interaction.guildId);
  assertInside(snap.board, x, y);
  await showView(ctx, { ...state, x, y }, { snap });
}

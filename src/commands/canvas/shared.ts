/**
 * What the /canvas subcommands and view controls share: the option helpers, the admin policy, the
 * colour check, and building or showing a view message (./controls.ts lays it out).
 */
import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import { colorLabel, parseColor } from '../../canvas/palette.js';
import type { CanvasSnapshot } from '../../canvas/service.js';
import { UserError } from '../../errors.js';
import type { GuildComponent } from '../../framework/guild.js';
import type { HandlerContext, Policy } from '../../framework/types.js';
import { viewMessage } from './controls.js';
import { clampState, toView, type ViewState } from './viewState.js';

/** Moderation: Manage Server, and the answers stay between the moderator and the bot. */
export const ADMIN = { access: 'admin', ephemeral: true } as const satisfies Policy;

/** An x or y option; `required` stays a literal so the handler gets `number` when it is `true`. */
export function coord<const N extends 'x' | 'y', const R extends boolean>(name: N, required: R) {
  return {
    type: ApplicationCommandOptionType.Integer,
    name,
    description: `${name} coordinate (0 = ${name === 'x' ? 'left' : 'top'})`,
    min_value: 0,
    max_value: 255,
    required,
  } as const;
}

/** The member a moderation subcommand acts on. */
export const MEMBER_OPTION = { type: ApplicationCommandOptionType.User, name: 'user', description: 'Member', required: true } as const;

export const unix = (d: Date): number => Math.ceil(d.getTime() / 1000);

export function placedNote(x: number, y: number, color: number, nextAt: Date): string {
  return `✅ Placed **${colorLabel(color)}** at **(${x}, ${y})**. Your next pixel is allowed <t:${unix(nextAt)}:R>.`;
}

/**
 * The colour a member picked, if they may use it (palette or owned); a clear error otherwise. Palette
 * colours need no database read, so the member's bought colours (for the colour menu) load meanwhile.
 */
export async function usableColor(ctx: HandlerContext, input: string): Promise<{ rgb: number; owned: Promise<number[]> }> {
  const owned = ctx.services.canvas.ownedColors(ctx.interaction.guildId, ctx.interaction.user.id);
  owned.catch(() => undefined); // awaited later; never an unhandled rejection meanwhile
  const free = parseColor(input);
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

export interface ViewInputs {
  note?: string;
  /** The canvas as the caller already has it (after a placement), to avoid a re-read. */
  snap?: CanvasSnapshot;
  /** The member's bought colours, when the caller is reading them already. */
  owned?: Promise<number[]>;
}

export async function buildView(ctx: HandlerContext, state: ViewState, inputs: ViewInputs = {}) {
  const guildId = ctx.interaction.guildId;
  const current = inputs.snap ?? (await ctx.services.canvas.snapshot(guildId));
  const s = clampState(state, current.board.width, current.board.height);
  const [rendered, owned] = await Promise.all([
    ctx.services.canvas.render(guildId, toView(s), current),
    inputs.owned ?? ctx.services.canvas.ownedColors(guildId, ctx.interaction.user.id),
  ]);
  return viewMessage(s, rendered.board, rendered.image.png, owned, inputs.note);
}

/** Shows a view in answer to a control: edits the member's own message, else an ephemeral copy. */
export async function showView(ctx: HandlerContext<GuildComponent>, state: ViewState, inputs: ViewInputs = {}): Promise<void> {
  const { interaction } = ctx;
  const { note } = inputs;
  if (!ownsMessage(interaction) || !(interaction.isMessageComponent() || interaction.isFromMessage())) {
    await ctx.respond({ ...(await buildView(ctx, state, inputs)), ephemeral: true });
    return;
  }
  const ephemeral = interaction.message?.flags.has(MessageFlags.Ephemeral) ?? false;
  // On a public message the note (cooldown etc.) concerns only this member: it goes in an ephemeral follow-up.
  const body = { ...(await buildView(ctx, state, { ...inputs, note: ephemeral ? note : undefined })), attachments: [] };
  if (interaction.deferred || interaction.replied) await interaction.editReply(body);
  else await interaction.update(body);
  if (note && !ephemeral) await ctx.respond({ content: note, ephemeral: true });
}

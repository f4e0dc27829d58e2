/**
 * /canvas: the guild pixel canvas. Members view it with buttons (3×3 arrow pad, Place, Jump, zoom and
 * colour menus), place pixels, ask who placed one, and watch a timelapse; Manage Server moderates.
 * View state lives in custom ids (./canvas/viewState.ts), storage and rules in src/canvas/service.ts.
 */
import {
  AttachmentBuilder,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  type AnySelectMenuInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
  type SlashCommandIntegerOption,
} from 'discord.js';
import { DEFAULT_PALETTE, colorLabel, normalizeColorName, parseColor, toHex } from '../canvas/palette.js';
import { ZOOM_LEVELS } from '../canvas/render.js';
import { CANVAS_SIZES, MAX_ROLLBACK_MINUTES, assertInside, type CanvasSnapshot } from '../canvas/service.js';
import { UserError } from '../errors.js';
import { defineCommand, type HandlerContext, type RateLimitRule } from '../framework/types.js';
import { colorChoices, jumpModal, JUMP_FIELDS, resetButtons, viewMessage } from './canvas/controls.js';
import { DEFAULT_COLOR, clampState, nextStep, parseState, toView, type ViewState } from './canvas/viewState.js';

type ViewInteraction = ButtonInteraction | AnySelectMenuInteraction | ModalSubmitInteraction;

/** Moving around is cheap (cached renders) and comes in bursts: a looser limit than commands. */
const NAVIGATE_LIMIT: RateLimitRule = { uses: 30, windowMs: 10_000 };
/** Placing is limited by the canvas cooldown; this only stops click floods. */
const PLACE_LIMIT: RateLimitRule = { uses: 10, windowMs: 10_000 };
const ADMIN = { access: 'admin', ephemeral: true } as const;

const unix = (d: Date): number => Math.ceil(d.getTime() / 1000);

function placedNote(x: number, y: number, color: number, nextAt: Date): string {
  return `✅ Placed **${colorLabel(color)}** at **(${x}, ${y})**. Your next pixel is allowed <t:${unix(nextAt)}:R>.`;
}

/**
 * The colour a member picked, if they may use it (palette or owned); a clear error otherwise. Palette
 * colours need no database read, so the member's bought colours (for the colour menu) load meanwhile.
 */
async function usableColor(ctx: HandlerContext, input: string): Promise<{ rgb: number; owned: Promise<number[]> }> {
  const owned = ctx.services.canvas.ownedColors(ctx.interaction.guildId!, ctx.interaction.user.id);
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
function ownsMessage(interaction: ViewInteraction): boolean {
  const message = interaction.message;
  if (!message) return false;
  if (message.flags.has(MessageFlags.Ephemeral)) return true;
  return message.interactionMetadata?.user.id === interaction.user.id;
}

interface ViewInputs {
  note?: string;
  /** The canvas as the caller already has it (after a placement), to avoid a re-read. */
  snap?: CanvasSnapshot;
  /** The member's bought colours, when the caller is reading them already. */
  owned?: Promise<number[]>;
}

async function buildView(ctx: HandlerContext, state: ViewState, inputs: ViewInputs = {}) {
  const guildId = ctx.interaction.guildId!;
  const current = inputs.snap ?? (await ctx.services.canvas.snapshot(guildId));
  const s = clampState(state, current.board.width, current.board.height);
  const [rendered, owned] = await Promise.all([
    ctx.services.canvas.render(guildId, toView(s), current),
    inputs.owned ?? ctx.services.canvas.ownedColors(guildId, ctx.interaction.user.id),
  ]);
  return viewMessage(s, rendered.board, rendered.image.png, owned, inputs.note);
}

/** Shows a view in answer to a control: edits the member's own message, else an ephemeral copy. */
async function showView(ctx: HandlerContext<ViewInteraction>, state: ViewState, inputs: ViewInputs = {}): Promise<void> {
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

// ------------------------------------------------------------------ slash subcommands

async function view(ctx: HandlerContext<ChatInputCommandInteraction>): Promise<void> {
  const o = ctx.interaction.options;
  const snap = await ctx.services.canvas.snapshot(ctx.interaction.guildId!);
  const x = o.getInteger('x') ?? Math.floor(snap.board.width / 2);
  const y = o.getInteger('y') ?? Math.floor(snap.board.height / 2);
  assertInside(snap.board, x, y);
  const state: ViewState = { x, y, zoom: o.getInteger('zoom') ?? 1, step: 1, color: DEFAULT_COLOR };
  await ctx.respond({ ...(await buildView(ctx, state, { snap })), ephemeral: false });
}

async function place(ctx: HandlerContext<ChatInputCommandInteraction>): Promise<void> {
  const { interaction, services } = ctx;
  const o = interaction.options;
  const x = o.getInteger('x', true);
  const y = o.getInteger('y', true);
  const { rgb, owned } = await usableColor(ctx, o.getString('color', true));
  const state: ViewState = { x, y, zoom: 1, step: 1, color: rgb };
  const result = await services.canvas.place(interaction.guildId!, interaction.user.id, x, y, rgb, { preview: toView(state) });
  await ctx.respond({ ...(await buildView(ctx, state, { note: placedNote(x, y, rgb, result.nextAt), snap: result, owned })), ephemeral: true });
}

async function pixel(ctx: HandlerContext<ChatInputCommandInteraction>): Promise<void> {
  const o = ctx.interaction.options;
  const x = o.getInteger('x', true);
  const y = o.getInteger('y', true);
  const info = await ctx.services.canvas.pixel(ctx.interaction.guildId!, x, y);
  const what = `**(${x}, ${y})** is **${colorLabel(info.color)}** (${toHex(info.color)})`;
  const who = info.placement
    ? `, placed by <@${info.placement.userId}> <t:${unix(info.placement.at)}:R>.`
    : ': nobody has placed a pixel there since the last reset.';
  await ctx.respond({ content: what + who, ephemeral: true, allowedMentions: { parse: [] } });
}

async function timelapse(ctx: HandlerContext<ChatInputCommandInteraction>): Promise<void> {
  const gif = await ctx.services.canvas.timelapse(ctx.interaction.guildId!);
  if (gif.placements === 0) throw new UserError('Nothing has been placed on the canvas since the last reset yet.', 'not_found');
  await ctx.respond({
    content: `🎞️ Canvas timelapse: ${gif.placements} pixel${gif.placements === 1 ? '' : 's'} in ${gif.frames} frames.`,
    files: [new AttachmentBuilder(gif.buffer, { name: 'canvas-timelapse.gif' })],
    ephemeral: false,
  });
}

async function admin(ctx: HandlerContext<ChatInputCommandInteraction>, sub: string): Promise<void> {
  const { interaction, services } = ctx;
  const guildId = interaction.guildId!;
  const o = interaction.options;
  switch (sub) {
    case 'reset': {
      const { grid, board } = await services.canvas.snapshot(guildId);
      await ctx.respond({
        content: `⚠️ Reset the ${board.width}×${board.height} canvas? All ${grid.countPainted(board.background)} painted pixels are cleared. This cannot be undone.`,
        components: [resetButtons()],
      });
      return;
    }
    case 'resize': {
      const size = o.getInteger('size', true);
      const { board } = await services.canvas.resize(guildId, size);
      await ctx.respond(`📐 The canvas is now ${board.width}×${board.height}; pixels inside it were kept.`);
      return;
    }
    case 'lock':
    case 'unlock':
      await services.canvas.setLocked(guildId, sub === 'lock');
      await ctx.respond(sub === 'lock' ? '🔒 The canvas is locked: nobody can place pixels until you unlock it.' : '🔓 The canvas is open again.');
      return;
    case 'ban': {
      const user = o.getUser('user', true);
      const added = await services.canvas.ban(guildId, user.id, interaction.user.id, o.getString('reason'));
      await ctx.respond({ content: added ? `🚫 <@${user.id}> can no longer place pixels.` : `<@${user.id}> was already banned from the canvas.`, allowedMentions: { parse: [] } });
      return;
    }
    case 'unban': {
      const user = o.getUser('user', true);
      const removed = await services.canvas.unban(guildId, user.id);
      await ctx.respond({ content: removed ? `✅ <@${user.id}> may place pixels again.` : `<@${user.id}> was not banned from the canvas.`, allowedMentions: { parse: [] } });
      return;
    }
    case 'rollback': {
      const user = o.getUser('user', true);
      const minutes = o.getInteger('minutes', true);
      const r = await services.canvas.rollback(guildId, user.id, minutes);
      await ctx.respond({
        content: r.placements
          ? `⏪ Rolled back ${r.placements} placement${r.placements === 1 ? '' : 's'} by <@${user.id}> from the last ${minutes} min: ${r.pixels} pixel${r.pixels === 1 ? '' : 's'} restored.`
          : `<@${user.id}> placed nothing in the last ${minutes} min.`,
        allowedMentions: { parse: [] },
      });
      return;
    }
  }
}

// ------------------------------------------------------------------ definition

const coord = (name: 'x' | 'y', required: boolean) => (opt: SlashCommandIntegerOption) =>
  opt.setName(name).setDescription(`${name} coordinate (0 = ${name === 'x' ? 'left' : 'top'})`).setMinValue(0).setMaxValue(255).setRequired(required);

const definition = new SlashCommandBuilder()
  .setName('canvas')
  .setDescription('The server pixel canvas')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('view')
      .setDescription('Show the canvas with controls to move, zoom, pick a colour and place')
      .addIntegerOption(coord('x', false))
      .addIntegerOption(coord('y', false))
      .addIntegerOption((z) =>
        z.setName('zoom').setDescription('Zoom level').addChoices(...ZOOM_LEVELS.map((v) => ({ name: `${v}×`, value: v }))),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('place')
      .setDescription('Place one pixel')
      .addIntegerOption(coord('x', true))
      .addIntegerOption(coord('y', true))
      .addStringOption((c) => c.setName('color').setDescription('A palette colour name, or a #RRGGBB colour you own').setRequired(true).setAutocomplete(true).setMaxLength(32)),
  )
  .addSubcommand((s) => s.setName('pixel').setDescription('Who placed a pixel, and when').addIntegerOption(coord('x', true)).addIntegerOption(coord('y', true)))
  .addSubcommand((s) => s.setName('timelapse').setDescription('An animation of the canvas being drawn'))
  .addSubcommandGroup((g) =>
    g
      .setName('admin')
      .setDescription('Canvas moderation (Manage Server)')
      .addSubcommand((s) => s.setName('reset').setDescription('Clear the whole canvas (asks to confirm)'))
      .addSubcommand((s) =>
        s
          .setName('resize')
          .setDescription('Change the canvas size; pixels inside the new size are kept')
          .addIntegerOption((o) => o.setName('size').setDescription('Width and height').setRequired(true).addChoices(...CANVAS_SIZES.map((v) => ({ name: `${v}×${v}`, value: v })))),
      )
      .addSubcommand((s) => s.setName('lock').setDescription('Stop all placing'))
      .addSubcommand((s) => s.setName('unlock').setDescription('Allow placing again'))
      .addSubcommand((s) =>
        s
          .setName('ban')
          .setDescription('Stop a member from placing pixels')
          .addUserOption((o) => o.setName('user').setDescription('Member').setRequired(true))
          .addStringOption((o) => o.setName('reason').setDescription('Why (shown to moderators)').setMaxLength(200)),
      )
      .addSubcommand((s) =>
        s.setName('unban').setDescription('Let a member place pixels again').addUserOption((o) => o.setName('user').setDescription('Member').setRequired(true)),
      )
      .addSubcommand((s) =>
        s
          .setName('rollback')
          .setDescription("Undo a member's pixels of the last minutes, restoring what was under them")
          .addUserOption((o) => o.setName('user').setDescription('Member').setRequired(true))
          .addIntegerOption((o) => o.setName('minutes').setDescription('How far back').setRequired(true).setMinValue(1).setMaxValue(MAX_ROLLBACK_MINUTES)),
      ),
  )
  .toJSON();

// ------------------------------------------------------------------ components

async function moveTo(ctx: HandlerContext<ViewInteraction>, change: (s: ViewState) => ViewState): Promise<void> {
  await showView(ctx, change(parseState(ctx.args)));
}

export default defineCommand({
  name: 'canvas',
  definition,
  subcommands: {
    'admin reset': ADMIN,
    'admin resize': ADMIN,
    'admin lock': ADMIN,
    'admin unlock': ADMIN,
    'admin ban': ADMIN,
    'admin unban': ADMIN,
    'admin rollback': ADMIN,
  },
  async execute(ctx) {
    const sub = ctx.interaction.options.getSubcommand(true);
    if (ctx.interaction.options.getSubcommandGroup(false) === 'admin') return admin(ctx, sub);
    const handlers: Record<string, (c: typeof ctx) => Promise<void>> = { view, place, pixel, timelapse };
    const handler = handlers[sub];
    if (!handler) throw new UserError('Unknown canvas command.', 'not_found');
    await handler(ctx);
  },
  async autocomplete({ interaction, services }) {
    const typed = normalizeColorName(String(interaction.options.getFocused()));
    const owned = await services.canvas.ownedColors(interaction.guildId!, interaction.user.id);
    return colorChoices(owned)
      .filter((c) => normalizeColorName(c.label).includes(typed) || toHex(c.rgb).toLowerCase().includes(typed))
      .map((c) => ({ name: c.label, value: DEFAULT_PALETTE.some((p) => p.rgb === c.rgb) ? normalizeColorName(c.label) : toHex(c.rgb) }));
  },
  buttons: {
    mv: {
      policy: { rateLimit: NAVIGATE_LIMIT },
      run: (ctx) => {
        const [dx, dy] = ctx.args.map(Number);
        return moveTo(ctx, (s) => ({ ...s, x: Math.max(0, s.x + (dx ?? 0) * s.step), y: Math.max(0, s.y + (dy ?? 0) * s.step) }));
      },
    },
    step: { policy: { rateLimit: NAVIGATE_LIMIT }, run: (ctx) => moveTo(ctx, (s) => ({ ...s, step: nextStep(s.step) })) },
    refresh: { policy: { rateLimit: NAVIGATE_LIMIT }, run: (ctx) => moveTo(ctx, (s) => s) },
    jump: {
      policy: { rateLimit: NAVIGATE_LIMIT },
      async run(ctx) {
        const state = parseState(ctx.args);
        const { board } = await ctx.services.canvas.snapshot(ctx.interaction.guildId!);
        await ctx.interaction.showModal(jumpModal(clampState(state, board.width, board.height), board));
      },
    },
    place: {
      policy: { rateLimit: PLACE_LIMIT },
      async run(ctx) {
        const state = parseState(ctx.args);
        const { rgb, owned } = await usableColor(ctx, toHex(state.color));
        const result = await ctx.services.canvas.place(ctx.interaction.guildId!, ctx.interaction.user.id, state.x, state.y, rgb, { preview: toView(state) });
        await showView(ctx, state, { note: placedNote(state.x, state.y, rgb, result.nextAt), snap: result, owned });
      },
    },
    'reset-yes': {
      policy: ADMIN,
      async run(ctx) {
        const { board } = await ctx.services.canvas.reset(ctx.interaction.guildId!);
        await ctx.interaction.update({ content: `🧹 The canvas was reset to a blank ${board.width}×${board.height}.`, components: [] });
      },
    },
    'reset-no': {
      policy: ADMIN,
      async run(ctx) {
        await ctx.interaction.update({ content: 'Reset cancelled; nothing changed.', components: [] });
      },
    },
  },
  selects: {
    zoom: {
      policy: { rateLimit: NAVIGATE_LIMIT },
      run: (ctx) => moveTo(ctx, (s) => ({ ...s, zoom: Number(ctx.interaction.values[0]) || 1 })),
    },
    color: {
      policy: { rateLimit: NAVIGATE_LIMIT },
      async run(ctx) {
        const { rgb, owned } = await usableColor(ctx, ctx.interaction.values[0] ?? '');
        await showView(ctx, { ...parseState(ctx.args), color: rgb }, { owned });
      },
    },
  },
  modals: {
    jump: {
      policy: { rateLimit: NAVIGATE_LIMIT },
      async run(ctx) {
        const state = parseState(ctx.args);
        const read = (field: string): number => {
          const raw = ctx.interaction.fields.getTextInputValue(field).trim();
          if (!/^\d{1,4}$/.test(raw)) throw new UserError(`${field} must be a whole number, got "${raw.slice(0, 10)}".`);
          return Number(raw);
        };
        const x = read(JUMP_FIELDS.x);
        const y = read(JUMP_FIELDS.y);
        const snap = await ctx.services.canvas.snapshot(ctx.interaction.guildId!);
        assertInside(snap.board, x, y);
        await showView(ctx, { ...state, x, y }, { snap });
      },
    },
  },
});

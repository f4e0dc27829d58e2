import { ApplicationCommandOptionType } from 'discord.js';
import { ZOOM_LEVELS } from '../../canvas/layout.js';
import { viewCanvas } from '../../canvas/memberView.js';
import { defineSubcommand } from '../../framework/define.js';
import { coord, messageOf } from './shared.js';
import { DEFAULT_COLOR, type ViewState } from './viewState.js';
import { imageLabels } from './words.js';

/** `/canvas view`: a public view with its controls, centred on the board unless told where. */
export const view = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'view',
    description: 'cmd.canvas.view',
    options: [
      coord('x', false),
      coord('y', false),
      { type: ApplicationCommandOptionType.Integer, name: 'zoom', description: 'cmd.canvas.view.zoom', choices: ZOOM_LEVELS.map((v) => ({ name: `${v}×`, value: v })) },
    ],
  },
  async run(ctx, options) {
    // A public view: the guild's words (ephemeral copies for other members are in theirs, ./shared.ts).
    const t = await ctx.guildT();
    const zoom = options.zoom ?? 1;
    const labels = imageLabels(t, DEFAULT_COLOR);
    const look = { x: options.x ?? undefined, y: options.y ?? undefined, zoom, color: DEFAULT_COLOR, ...(labels ? { labels } : {}) };
    const shown = await viewCanvas(ctx.services.canvas, ctx.interaction.guildId, ctx.interaction.user.id, look, { owned: true, strict: true });
    const state: ViewState = { ...shown.cursor, zoom, step: 1, color: DEFAULT_COLOR };
    await ctx.respond({ ...messageOf(state, shown, t), ephemeral: false });
  },
});

import { ApplicationCommandOptionType } from 'discord.js';
import { ZOOM_LEVELS } from '../../canvas/render.js';
import { assertInside } from '../../canvas/service.js';
import { defineSubcommand } from '../../framework/define.js';
import { buildView, coord } from './shared.js';
import { DEFAULT_COLOR, type ViewState } from './viewState.js';

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
    const snap = await ctx.services.canvas.snapshot(ctx.interaction.guildId);
    const x = options.x ?? Math.floor(snap.board.width / 2);
    const y = options.y ?? Math.floor(snap.board.height / 2);
    assertInside(snap.board, x, y);
    const state: ViewState = { x, y, zoom: options.zoom ?? 1, step: 1, color: DEFAULT_COLOR };
    // A public view: the guild's words (ephemeral copies for other members are in theirs, ./shared.ts).
    await ctx.respond({ ...(await buildView(ctx, await ctx.guildT(), state, { snap })), ephemeral: false });
  },
});

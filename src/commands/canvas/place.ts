import { ApplicationCommandOptionType } from 'discord.js';
import { placePixel } from '../../canvas/memberView.js';
import { normalizeColorName, toHex } from '../../canvas/palette.js';
import { defineSubcommand } from '../../framework/define.js';
import type { AutocompleteHandler } from '../../framework/types.js';
import { colorChoices, showPixelRow } from './controls.js';
import { coord, placedNote, usableColor } from './shared.js';
import type { ViewState } from './viewState.js';

/**
 * `/canvas place`: one pixel, answered privately with a line (what was placed where, when the next
 * pixel is allowed) and a button that opens the view around it. Nothing is rendered unless the member
 * asks to see it: a crowd placing pixels costs no pictures (the view, when asked for, comes from the
 * render cache shared by everyone looking at the same view of the same picture).
 */
export const place = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'place',
    description: 'cmd.canvas.place',
    options: [
      coord('x', true),
      coord('y', true),
      {
        type: ApplicationCommandOptionType.String,
        name: 'color',
        description: 'cmd.canvas.place.color',
        required: true,
        autocomplete: true,
        max_length: 32,
      },
    ],
  },
  async run(ctx, { x, y, color }) {
    const { interaction, services } = ctx;
    const { rgb } = await usableColor(ctx, color);
    const placed = await placePixel(services.canvas, interaction.guildId, interaction.user.id, { x, y, color: rgb });
    const state: ViewState = { x, y, zoom: 1, step: 1, color: rgb };
    await ctx.respond({ content: placedNote(ctx.t, x, y, rgb, placed.nextAt), components: [showPixelRow(state, ctx.t)], ephemeral: true });
  },
});

/**
 * The `color` option's suggestions: palette colours, then the member's bought colours as #RRGGBB. Shown
 * in the member's words, matched on those and on the English names, sent as the English name.
 */
export const colorAutocomplete: AutocompleteHandler = async ({ interaction, services, t }) => {
  const typed = normalizeColorName(String(interaction.options.getFocused()));
  const owned = await services.canvas.ownedColors(interaction.guildId, interaction.user.id);
  return colorChoices(owned, t)
    .filter((c) => normalizeColorName(c.label).includes(typed) || (c.name?.includes(typed) ?? false) || toHex(c.rgb).toLowerCase().includes(typed))
    .map((c) => ({ name: c.label, value: c.name ?? toHex(c.rgb) }));
};

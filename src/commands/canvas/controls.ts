/**
 * The message of a canvas view: the rendered PNG and its controls (3×3 arrow pad with the step in the
 * centre, Place / Jump / Refresh, zoom select, colour select). Five action rows, Discord's maximum.
 */
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { DEFAULT_PALETTE, colorLabel, isPaletteColor, toHex } from '../../canvas/palette.js';
import { ZOOM_LEVELS } from '../../canvas/render.js';
import { encodeCustomId } from '../../framework/customId.js';
import { stateArgs, type ViewState } from './viewState.js';

export const MODULE = 'canvas';
export const IMAGE_NAME = 'canvas.png';
export const JUMP_FIELDS = { x: 'x', y: 'y' } as const;
const SELECT_MAX_OPTIONS = 25;

/** The 3×3 pad: [dx, dy, label] per cell; the centre cell is the step button. */
const PAD: ReadonlyArray<ReadonlyArray<readonly [number, number, string] | null>> = [
  [[-1, -1, '↖'], [0, -1, '↑'], [1, -1, '↗']],
  [[-1, 0, '←'], null, [1, 0, '→']],
  [[-1, 1, '↙'], [0, 1, '↓'], [1, 1, '↘']],
];

function id(action: string, s: ViewState, ...extra: Array<string | number>): string {
  return encodeCustomId(MODULE, action, ...extra, ...stateArgs(s));
}

function padRows(s: ViewState): ActionRowBuilder<ButtonBuilder>[] {
  const side: ButtonBuilder[] = [
    new ButtonBuilder().setCustomId(id('place', s)).setLabel('Place').setEmoji('🖌️').setStyle(ButtonStyle.Success),
    new ButtonBuilder().setCustomId(id('jump', s)).setLabel('Jump').setEmoji('🎯').setStyle(ButtonStyle.Primary),
    new ButtonBuilder().setCustomId(id('refresh', s)).setLabel('Refresh').setEmoji('🔄').setStyle(ButtonStyle.Secondary),
  ];
  return PAD.map((row, r) =>
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      ...row.map((cell) =>
        cell
          ? new ButtonBuilder().setCustomId(id('mv', s, cell[0], cell[1])).setLabel(cell[2]).setStyle(ButtonStyle.Secondary)
          : new ButtonBuilder().setCustomId(id('step', s)).setLabel(`step ${s.step}`).setStyle(ButtonStyle.Secondary),
      ),
      side[r]!,
    ),
  );
}

function zoomRow(s: ViewState): ActionRowBuilder<StringSelectMenuBuilder> {
  const menu = new StringSelectMenuBuilder()
    .setCustomId(id('zoom', s))
    .setPlaceholder(`Zoom ${s.zoom}×`)
    .addOptions(ZOOM_LEVELS.map((z) => ({ label: `Zoom ${z}×`, value: String(z), default: z === s.zoom })));
  return new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu);
}

/** Palette first, then the member's bought colours, up to Discord's 25 options. */
export function colorChoices(owned: readonly number[]): Array<{ rgb: number; label: string }> {
  const bought = [...new Set(owned.map((c) => c & 0xffffff))].filter((c) => !isPaletteColor(c));
  return [
    ...DEFAULT_PALETTE.map((c) => ({ rgb: c.rgb, label: colorLabel(c.rgb) })),
    ...bought.map((rgb) => ({ rgb, label: `${toHex(rgb)} (owned)` })),
  ].slice(0, SELECT_MAX_OPTIONS);
}

function colorRow(s: ViewState, owned: readonly number[]): ActionRowBuilder<StringSelectMenuBuilder> {
  const menu = new StringSelectMenuBuilder()
    .setCustomId(id('color', s))
    .setPlaceholder(`Colour: ${colorLabel(s.color)}`)
    .addOptions(
      colorChoices(owned).map((c) => ({
        label: c.label,
        value: toHex(c.rgb).slice(1).toLowerCase(),
        description: toHex(c.rgb),
        default: c.rgb === s.color,
      })),
    );
  return new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu);
}

export interface ViewMessage {
  content: string;
  files: AttachmentBuilder[];
  components: Array<ActionRowBuilder<ButtonBuilder> | ActionRowBuilder<StringSelectMenuBuilder>>;
}

export function viewMessage(s: ViewState, board: { width: number; height: number }, png: Buffer, owned: readonly number[], note?: string): ViewMessage {
  const line = `🎨 **Canvas** ${board.width}×${board.height} · cursor **(${s.x}, ${s.y})** · colour **${colorLabel(s.color)}** · zoom ${s.zoom}× · step ${s.step}`;
  return {
    content: note ? `${note}\n${line}` : line,
    files: [new AttachmentBuilder(png, { name: IMAGE_NAME, description: `Guild canvas around (${s.x}, ${s.y})` })],
    components: [...padRows(s), zoomRow(s), colorRow(s, owned)],
  };
}

export function jumpModal(s: ViewState, board: { width: number; height: number }): ModalBuilder {
  const field = (key: string, label: string, value: number, max: number) =>
    new ActionRowBuilder<TextInputBuilder>().addComponents(
      new TextInputBuilder()
        .setCustomId(key)
        .setLabel(`${label} (0–${max})`)
        .setStyle(TextInputStyle.Short)
        .setRequired(true)
        .setMinLength(1)
        .setMaxLength(4)
        .setValue(String(value)),
    );
  return new ModalBuilder()
    .setCustomId(id('jump', s))
    .setTitle('Jump to a pixel')
    .addComponents(field(JUMP_FIELDS.x, 'x', s.x, board.width - 1), field(JUMP_FIELDS.y, 'y', s.y, board.height - 1));
}

export function resetButtons(): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(encodeCustomId(MODULE, 'reset-yes')).setLabel('Yes, reset the canvas').setStyle(ButtonStyle.Danger),
    new ButtonBuilder().setCustomId(encodeCustomId(MODULE, 'reset-no')).setLabel('Cancel').setStyle(ButtonStyle.Secondary),
  );
}

/**
 * The message of a canvas view: the rendered PNG and its controls (3×3 arrow pad with the step in the
 * centre, Place / Jump / Refresh, zoom select, colour select). Five action rows, Discord's maximum.
 *
 * The view's components are written as plain API objects rather than discord.js builders: every
 * navigation click and placement sends them, and the builders' validation cost more than the rest of
 * the message (they hold only catalog labels, custom ids from encodeCustomId, which checks their length,
 * and at most 25 colour options). Every label is in the words of `t`, the reader of the message. They are sent as they are (`asIs`), without discord.js's key transform.
 */
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  ComponentType,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIStringSelectComponent,
} from 'discord.js';
import { DEFAULT_PALETTE, isPaletteColor, toHex } from '../../canvas/palette.js';
import { ZOOM_LEVELS } from '../../canvas/layout.js';
import { encodeCustomId } from '../../framework/customId.js';
import type { Translator } from '../../i18n/translate.js';
import { stateArgs, type ViewState } from './viewState.js';
import { colorText } from './words.js';

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

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;
export type SelectRow = APIActionRowComponent<APIStringSelectComponent>;

/**
 * Marks a row as already in the API's shape: discord.js passes a plain component object through its
 * camelCase → snake_case transform (a lodash call per key, on every reply), but sends an object with
 * `toJSON()` as that returns it. The `toJSON` is not enumerable, so JSON output stays the row itself.
 */
function asIs<T extends object>(row: T): T {
  return Object.defineProperty(row, 'toJSON', { value: () => row, enumerable: false });
}

function id(action: string, s: ViewState, ...extra: Array<string | number>): string {
  return encodeCustomId(MODULE, action, ...extra, ...stateArgs(s));
}

function button(customId: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success, emoji?: string): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: customId, label, style, ...(emoji ? { emoji: { name: emoji } } : {}) };
}

function padRows(s: ViewState, t: Translator): ButtonRow[] {
  const side: APIButtonComponent[] = [
    button(id('place', s), t.t('canvas.control.place'), ButtonStyle.Success, '🖌️'),
    button(id('jump', s), t.t('canvas.control.jump'), ButtonStyle.Primary, '🎯'),
    button(id('refresh', s), t.t('canvas.control.refresh'), ButtonStyle.Secondary, '🔄'),
  ];
  const stepLabel = t.t('canvas.control.step', { step: String(s.step) });
  return PAD.map((row, r) =>
    asIs({
      type: ComponentType.ActionRow,
      components: [
        ...row.map((cell) => (cell ? button(id('mv', s, cell[0], cell[1]), cell[2], ButtonStyle.Secondary) : button(id('step', s), stepLabel, ButtonStyle.Secondary))),
        side[r]!,
      ],
    }),
  );
}

function zoomRow(s: ViewState, t: Translator): SelectRow {
  return asIs({
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: id('zoom', s),
        placeholder: t.t('canvas.control.zoom', { zoom: String(s.zoom) }),
        options: ZOOM_LEVELS.map((z) => ({ label: t.t('canvas.control.zoom', { zoom: String(z) }), value: String(z), default: z === s.zoom })),
      },
    ],
  });
}

export interface ColorChoice {
  rgb: number;
  /** As the reader reads it (`t`'s words). */
  label: string;
  /** The palette name members type (`light_gray`); none for a bought colour. */
  name?: string;
}

/** Palette first, then the member's bought colours, up to Discord's 25 options. */
export function colorChoices(owned: readonly number[], t: Translator): ColorChoice[] {
  const bought = [...new Set(owned.map((c) => c & 0xffffff))].filter((c) => !isPaletteColor(c));
  return [
    ...DEFAULT_PALETTE.map((c) => ({ rgb: c.rgb, label: colorText(t, c.rgb), name: c.name })),
    ...bought.map((rgb) => ({ rgb, label: t.t('canvas.control.owned', { hex: toHex(rgb) }) })),
  ].slice(0, SELECT_MAX_OPTIONS);
}

function colorRow(s: ViewState, owned: readonly number[], t: Translator): SelectRow {
  return asIs({
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: id('color', s),
        placeholder: t.t('canvas.control.color', { color: colorText(t, s.color) }),
        options: colorChoices(owned, t).map((c) => ({
          label: c.label,
          value: toHex(c.rgb).slice(1).toLowerCase(),
          description: toHex(c.rgb),
          default: c.rgb === s.color,
        })),
      },
    ],
  });
}

export interface ViewMessage {
  content: string;
  files: AttachmentBuilder[];
  components: Array<ButtonRow | SelectRow>;
}

/** The text line above a view's picture. */
export function viewLine(s: ViewState, board: { width: number; height: number }, t: Translator): string {
  return t.t('canvas.view.line', {
    width: String(board.width),
    height: String(board.height),
    x: String(s.x),
    y: String(s.y),
    color: colorText(t, s.color),
    zoom: String(s.zoom),
    step: String(s.step),
  });
}

export function viewImage(s: ViewState, png: Buffer, t: Translator): AttachmentBuilder {
  return new AttachmentBuilder(png, { name: IMAGE_NAME, description: t.t('canvas.view.imageAlt', { x: String(s.x), y: String(s.y) }) });
}

export function viewMessage(s: ViewState, board: { width: number; height: number }, png: Buffer, owned: readonly number[], t: Translator, note?: string): ViewMessage {
  const line = viewLine(s, board, t);
  return {
    content: note ? `${note}\n${line}` : line,
    files: [viewImage(s, png, t)],
    components: [...padRows(s, t), zoomRow(s, t), colorRow(s, owned, t)],
  };
}

/** Under a `/canvas place` answer: opens the view around the pixel, in place (state in the custom id). */
export function showPixelRow(s: ViewState, t: Translator): ButtonRow {
  return asIs({ type: ComponentType.ActionRow, components: [button(id('refresh', s), t.t('canvas.control.showPixel'), ButtonStyle.Secondary, '🖼️')] });
}

export function jumpModal(s: ViewState, board: { width: number; height: number }, t: Translator): ModalBuilder {
  const field = (key: string, axis: string, value: number, max: number) =>
    new ActionRowBuilder<TextInputBuilder>().addComponents(
      new TextInputBuilder()
        .setCustomId(key)
        .setLabel(t.t('canvas.jump.field', { axis, max: String(max) }))
        .setStyle(TextInputStyle.Short)
        .setRequired(true)
        .setMinLength(1)
        .setMaxLength(4)
        .setValue(String(value)),
    );
  return new ModalBuilder()
    .setCustomId(id('jump', s))
    .setTitle(t.t('canvas.jump.title'))
    .addComponents(field(JUMP_FIELDS.x, 'x', s.x, board.width - 1), field(JUMP_FIELDS.y, 'y', s.y, board.height - 1));
}

export function resetButtons(t: Translator): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(encodeCustomId(MODULE, 'reset-yes')).setLabel(t.t('canvas.reset.yes')).setStyle(ButtonStyle.Danger),
    new ButtonBuilder().setCustomId(encodeCustomId(MODULE, 'reset-no')).setLabel(t.t('canvas.reset.no')).setStyle(ButtonStyle.Secondary),
  );
}

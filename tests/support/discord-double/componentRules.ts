/**
 * Discord's layout rules for message components and modals, which its OpenAPI description does not
 * express (https://discord.com/developers/docs/components/reference): a message holds at most 5 action
 * rows; a row holds 1–5 buttons or exactly one select menu, never both, and no text input; a modal
 * holds 1–5 rows (or labels), each with exactly one text input. Discord answers a violation with
 * 400 Invalid Form Body (50035) and the member sees "This interaction failed".
 */
export interface LayoutIssue {
  path: (string | number)[];
  message: string;
  code: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const C = { ActionRow: 1, Button: 2, StringSelect: 3, TextInput: 4, UserSelect: 5, RoleSelect: 6, MentionableSelect: 7, ChannelSelect: 8, Label: 18 };
const SELECTS = new Set([C.StringSelect, C.UserSelect, C.RoleSelect, C.MentionableSelect, C.ChannelSelect]);
/** Components V2 messages lay out containers instead of rows (other limits; not used by the bot). */
const COMPONENTS_V2 = 1 << 15;
const MAX_ROWS = 5;
const MAX_BUTTONS = 5;

/** Issues with a message payload's `components` (channel posts and edits, interaction messages). */
export function messageLayoutIssues(payload: Obj): LayoutIssue[] {
  if (payload.components === undefined || payload.components === null) return [];
  if (((typeof payload.flags === 'number' ? payload.flags : 0) & COMPONENTS_V2) !== 0) return [];
  const rows = arr(payload.components).map(obj);
  const issues: LayoutIssue[] = [];
  if (rows.length > MAX_ROWS) issues.push({ path: ['components'], message: `Must be ${MAX_ROWS} or fewer in length.`, code: 'BASE_TYPE_MAX_LENGTH' });
  rows.forEach((row, i) => {
    const at = ['components', i];
    if (row.type !== C.ActionRow) {
      issues.push({ path: [...at, 'type'], message: 'Only action rows may be top-level components of a message.', code: 'COMPONENT_TYPE_INVALID' });
      return;
    }
    const children = arr(row.components).map(obj);
    const buttons = children.filter((c) => c.type === C.Button).length;
    const selects = children.filter((c) => SELECTS.has(c.type as number)).length;
    if (children.some((c) => c.type === C.TextInput)) {
      issues.push({ path: [...at, 'components'], message: 'Text inputs are only allowed in modals.', code: 'COMPONENT_TYPE_INVALID' });
    } else if (children.length === 0) {
      issues.push({ path: [...at, 'components'], message: 'Must be between 1 and 5 in length.', code: 'BASE_TYPE_BAD_LENGTH' });
    } else if (selects > 0 && (selects > 1 || buttons > 0)) {
      issues.push({ path: [...at, 'components'], message: 'An action row holds one select menu, or up to 5 buttons, not both.', code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED' });
    } else if (buttons > MAX_BUTTONS) {
      issues.push({ path: [...at, 'components'], message: `Must be ${MAX_BUTTONS} or fewer in length.`, code: 'BASE_TYPE_MAX_LENGTH' });
    }
  });
  return issues;
}

/** Issues with a modal (interaction callback type 9): 1–5 rows, each holding exactly one text input. */
export function modalLayoutIssues(data: Obj): LayoutIssue[] {
  const rows = arr(data.components).map(obj);
  const issues: LayoutIssue[] = [];
  if (rows.length === 0 || rows.length > MAX_ROWS) {
    issues.push({ path: ['data', 'components'], message: `Must be between 1 and ${MAX_ROWS} in length.`, code: 'BASE_TYPE_BAD_LENGTH' });
  }
  rows.forEach((row, i) => {
    const at = ['data', 'components', i];
    const inputs = row.type === C.Label ? [obj(row.component)] : row.type === C.ActionRow ? arr(row.components).map(obj) : [];
    if (row.type !== C.ActionRow && row.type !== C.Label) {
      issues.push({ path: [...at, 'type'], message: 'A modal holds action rows or labels.', code: 'COMPONENT_TYPE_INVALID' });
    } else if (inputs.length !== 1) {
      issues.push({ path: [...at, 'components'], message: 'A modal row holds exactly one text input.', code: 'BASE_TYPE_BAD_LENGTH' });
    } else if (row.type === C.ActionRow && inputs[0]?.type !== C.TextInput) {
      issues.push({ path: [...at, 'components', 0, 'type'], message: 'A modal row holds a text input.', code: 'COMPONENT_TYPE_INVALID' });
    }
  });
  return issues;
}

/** The layout issues of a request body: interaction callbacks (messages or modals) and message bodies. */
export function layoutIssues(route: string, body: unknown): LayoutIssue[] {
  const b = obj(body);
  if (!route.endsWith('/callback')) return messageLayoutIssues(b);
  if (b.type === 9) return modalLayoutIssues(obj(b.data));
  return messageLayoutIssues(obj(b.data)).map((i) => ({ ...i, path: ['data', ...i.path] }));
}

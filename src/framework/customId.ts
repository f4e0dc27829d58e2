/**
 * Custom ids of buttons, select menus and modals: `module:action:arg1:arg2…`. The state a component
 * needs lives in its id (no server-side session), so a message's buttons keep working after a restart.
 * This is the only place that builds or reads them.
 */
export const CUSTOM_ID_MAX = 100;
const SEP = ':';

export interface DecodedCustomId {
  module: string;
  action: string;
  args: string[];
}

function escape(part: string): string {
  return part.replace(/%/g, '%25').replace(/:/g, '%3A');
}

function unescape(part: string): string {
  return part.replace(/%3A/g, ':').replace(/%25/g, '%');
}

export function encodeCustomId(module: string, action: string, ...args: Array<string | number | boolean>): string {
  if (!/^[a-z][a-z0-9-]*$/.test(module) || !/^[a-z][a-z0-9-]*$/i.test(action)) {
    throw new Error(`invalid custom id namespace ${module}:${action}`);
  }
  const id = [module, action, ...args.map((a) => escape(String(a)))].join(SEP);
  if (id.length > CUSTOM_ID_MAX) throw new Error(`custom id longer than ${CUSTOM_ID_MAX} characters: ${module}:${action}`);
  return id;
}

export function decodeCustomId(id: string): DecodedCustomId | null {
  const parts = id.split(SEP);
  if (parts.length < 2 || !parts[0] || !parts[1]) return null;
  const [module, action, ...args] = parts as [string, string, ...string[]];
  return { module, action, args: args.map(unescape) };
}

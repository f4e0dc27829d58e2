/**
 * /canvas: the guild pixel canvas. Members view it with buttons (3×3 arrow pad, Place, Jump, zoom and
 * colour menus), place pixels, ask who placed one, and watch a timelapse; Manage Server moderates.
 *
 * This file holds the definition and the routing only. In ./canvas/: one file per subcommand (view,
 * place with the colour autocomplete, pixel, timelapse; admin/ with reset and its confirmation
 * buttons, resize, lock+unlock, ban, unban, rollback), components.ts for the view's buttons, selects
 * and modal, shared.ts for showing a view, controls.ts for its layout, viewState.ts for the state
 * carried in custom ids. What a view holds (board, picture, the member's colours, a placement's
 * outcome) comes from src/canvas/memberView.ts; storage and rules are in src/canvas/service.ts.
 */
import { defineCommand } from '../framework/define.js';
import type { RateLimitRule } from '../framework/types.js';
import { ban } from './canvas/admin/ban.js';
import { lock, unlock } from './canvas/admin/lock.js';
import { cancelReset, confirmReset, reset } from './canvas/admin/reset.js';
import { resize } from './canvas/admin/resize.js';
import { rollback } from './canvas/admin/rollback.js';
import { unban } from './canvas/admin/unban.js';
import { cycleStep, jumpTo, move, openJump, pickColor, placeAtCursor, refresh, zoom } from './canvas/components.js';
import { pixel } from './canvas/pixel.js';
import { colorAutocomplete, place } from './canvas/place.js';
import { ADMIN } from './canvas/shared.js';
import { timelapse } from './canvas/timelapse.js';
import { view } from './canvas/view.js';

/** Moving around is cheap (cached renders) and comes in bursts: a looser limit than commands. */
const NAVIGATE = { rateLimit: { uses: 30, windowMs: 10_000 } satisfies RateLimitRule };
/** Placing is limited by the canvas cooldown; this only stops click floods. */
const PLACE = { rateLimit: { uses: 10, windowMs: 10_000 } satisfies RateLimitRule };

// Members use /canvas, so no module-level access: each admin subcommand sets its own (ADMIN).
export default defineCommand({
  name: 'canvas',
  description: 'cmd.canvas',
  subcommands: [view, place, pixel, timelapse],
  groups: [{ name: 'admin', description: 'cmd.canvas.admin', subcommands: [reset, resize, lock, unlock, ban, unban, rollback] }],
  autocomplete: colorAutocomplete,
  // Custom-id actions are stable: buttons on old messages must keep working after an upgrade.
  buttons: {
    mv: { policy: NAVIGATE, run: move },
    step: { policy: NAVIGATE, run: cycleStep },
    refresh: { policy: NAVIGATE, run: refresh },
    jump: { policy: NAVIGATE, run: openJump },
    place: { policy: PLACE, run: placeAtCursor },
    'reset-yes': { policy: ADMIN, run: confirmReset },
    'reset-no': { policy: ADMIN, run: cancelReset },
  },
  selects: {
    zoom: { policy: NAVIGATE, run: zoom },
    color: { policy: NAVIGATE, run: pickColor },
  },
  modals: {
    jump: { policy: NAVIGATE, run: jumpTo },
  },
});

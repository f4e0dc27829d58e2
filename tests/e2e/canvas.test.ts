/**
 * /canvas end to end: the real bot process against the Discord double and a MongoDB-wire server
 * (./canvasWorld.ts). Members play with the buttons, selects and modal exactly as Discord would deliver them;
 * moderators moderate; the old bot's canvas is migrated at start.
 */
import { describe, expect, it } from 'vitest';
import type { DoubleMessage } from '../support/discord-double/index.js';
import { decodeGif } from '../canvas/helpers.js';
import {
  admin, ADMIN, BLUE, COLLECTOR, control, CROWD, customIds, double, expectProtocolKept, GRIEFER, GUILD,
  isEphemeral, LATE, LEGACY_ARTIST, LEGACY_GUILD, MEMBER, mongo, OTHER, pixelInImage, RED, restartBot, slash,
  useCanvasWorld, VISITOR, WHITE,
} from './canvasWorld.js';

useCanvasWorld();

describe('playing with buttons', () => {
  let publicView: DoubleMessage;

  it('view → arrows → step → colour → Place: the next view shows the pixel', async () => {
    const reply = await (await slash(MEMBER, 'view', { x: 10, y: 10 })).reply();
    expect(isEphemeral(reply)).toBe(false);
    expect(reply.content).toContain('cursor **(10, 10)**');
    expect(await pixelInImage(reply, 32, 10, 10)).toBe(WHITE);
    publicView = reply;

    let view = await (await double.clickButton({ userId: MEMBER, message: reply, customId: control(reply, 'canvas:mv:1:0:') })).reply();
    expect(view.id).toBe(reply.id); // the member's own message is edited in place
    expect(view.content).toContain('cursor **(11, 10)**');
    view = await (await double.clickButton({ userId: MEMBER, message: view, customId: control(view, 'canvas:step:') })).reply();
    expect(view.content).toContain('step 5');
    view = await (await double.clickButton({ userId: MEMBER, message: view, customId: control(view, 'canvas:mv:0:1:') })).reply();
    expect(view.content).toContain('cursor **(11, 15)**');
    view = await (await double.selectMenu({ userId: MEMBER, message: view, customId: control(view, 'canvas:color:'), values: ['e50000'] })).reply();
    expect(view.content).toContain('colour **red**');
    view = await (await double.selectMenu({ userId: MEMBER, message: view, customId: control(view, 'canvas:zoom:'), values: ['2'] })).reply();
    expect(view.content).toContain('zoom 2×');

    const place = await double.clickButton({ userId: MEMBER, message: view, customId: control(view, 'canvas:place:') });
    const placed = await place.waitForReply((m) => m.files.length > 0 && m.edited_timestamp !== view.edited_timestamp);
    expect(await pixelInImage(placed, 32, 11, 15)).toBe(RED);
    expect(placed.content).toBe(view.content); // the public view shows no one's cooldown
    expect(customIds(placed)).toEqual(customIds(view)); // placing changes no state: the controls stay
    const note = await place.waitForFollowUp();
    expect(isEphemeral(note)).toBe(true);
    expect(note.content).toMatch(/Placed \*\*red\*\* at \*\*\(11, 15\)\*\*.*<t:\d+:R>/);

    const fresh = await (await slash(OTHER, 'view', { x: 11, y: 15, zoom: 4 })).reply();
    expect(await pixelInImage(fresh, 32, 11, 15)).toBe(RED);
    expect(await pixelInImage(fresh, 32, 12, 15)).toBe(WHITE);
    // Counted off the reply path.
    await expect.poll(async () => (await mongo.db.collection('member_stats').findOne({ _id: `${GUILD}:${MEMBER}` as never }))?.canvasPixelsPlaced).toBe(1);
  });

  it("another member's click on a public view gives them an ephemeral copy and leaves the original alone", async () => {
    const before = double.message(publicView.id)!;
    const copy = await (await double.clickButton({ userId: OTHER, message: before, customId: control(before, 'canvas:mv:-1:0:') })).reply();
    expect(copy.id).not.toBe(before.id);
    expect(isEphemeral(copy)).toBe(true);
    expect(copy.content).toContain('cursor **(6, 15)**'); // step 5, carried in the custom id
    expect(double.message(publicView.id)!.content).toBe(before.content);
    // Clicks on the copy edit the copy.
    const moved = await (await double.clickButton({ userId: OTHER, message: copy, customId: control(copy, 'canvas:mv:0:-1:') })).reply();
    expect(moved.id).toBe(copy.id);
    expect(moved.content).toContain('cursor **(6, 10)**');

    // Place on someone else's public view: the pixel is placed and shown in a private copy.
    const visited = await (await double.clickButton({ userId: VISITOR, message: before, customId: control(before, 'canvas:mv:1:0:') })).reply();
    const placed = await (await double.clickButton({ userId: VISITOR, message: visited, customId: control(visited, 'canvas:place:') })).reply();
    expect(placed.id).toBe(visited.id);
    expect(placed.content).toMatch(/^✅ Placed \*\*red\*\* at \*\*\(16, 15\)\*\*.*<t:\d+:R>\.\n🎨/);
    expect(await pixelInImage(placed, 32, 16, 15)).toBe(RED);
    expect(double.message(publicView.id)!.content).toBe(before.content);
    const onPublic = await double.clickButton({ userId: VISITOR, message: double.message(publicView.id)!, customId: control(before, 'canvas:place:') });
    const refused = await onPublic.reply();
    expect(isEphemeral(refused)).toBe(true);
    expect(refused.content).toMatch(/next pixel <t:\d+:R>/); // one pixel per cooldown, whichever view it comes from
  });

  it('Jump opens a modal and moves the cursor; bad input gets a clear ephemeral error', async () => {
    const view = double.message(publicView.id)!;
    const modal = await (await double.clickButton({ userId: MEMBER, message: view, customId: control(view, 'canvas:jump:') })).modal();
    expect(modal.title).toBe('Jump to a pixel');
    const jumped = await (await double.submitModal({ guildId: GUILD, userId: MEMBER, customId: modal.custom_id, fields: { x: '3', y: '30' } })).reply();
    expect(jumped.id).toBe(publicView.id);
    expect(jumped.content).toContain('cursor **(3, 30)**');

    await (await double.clickButton({ userId: MEMBER, message: jumped, customId: control(jumped, 'canvas:jump:') })).modal();
    const outside = await (await double.submitModal({ guildId: GUILD, userId: MEMBER, customId: control(jumped, 'canvas:jump:'), fields: { x: '40', y: '1' } })).reply();
    expect(isEphemeral(outside)).toBe(true);
    expect(outside.content).toMatch(/\(40, 1\) is outside the 32×32 canvas/);
    await (await double.clickButton({ userId: MEMBER, message: jumped, customId: control(jumped, 'canvas:jump:') })).modal();
    const words = await (await double.submitModal({ guildId: GUILD, userId: MEMBER, customId: control(jumped, 'canvas:jump:'), fields: { x: 'ten', y: '1' } })).reply();
    expect(words.content).toMatch(/x must be a whole number/);
  });

  it('rejects out-of-range coordinates and unknown or unowned colours, and accepts an owned colour', async () => {
    const outside = await (await slash(OTHER, 'place', { x: 32, y: 0, color: 'red' })).reply();
    expect(isEphemeral(outside)).toBe(true);
    expect(outside.content).toMatch(/outside the 32×32 canvas/);
    const unknown = await (await slash(OTHER, 'place', { x: 1, y: 1, color: 'blurple' })).reply();
    expect(isEphemeral(unknown)).toBe(true);
    expect(unknown.content).toMatch(/Unknown colour "blurple"/);
    const unowned = await (await slash(OTHER, 'place', { x: 1, y: 1, color: '#123456' })).reply();
    expect(unowned.content).toMatch(/#123456 is not in the free palette and you do not own it/);
    // None of these cost the member their cooldown.
    const cooldown = await mongo.db.collection('canvas_cooldowns').findOne({ _id: `${GUILD}:${OTHER}` as never });
    expect((cooldown?.until as Date | undefined)?.getTime() ?? 0).toBe(0);

    await mongo.db.collection('member_stats').insertOne({ _id: `${GUILD}:${COLLECTOR}` as never, guildId: GUILD, userId: COLLECTOR, commandsUsed: 0, ownedColors: [0x123456] });
    const choices = await double.autocomplete({ guildId: GUILD, userId: COLLECTOR, command: 'canvas', subcommand: 'place', options: { x: 0, y: 0, color: '#12' }, focused: 'color' });
    expect(choices.map((c) => c.value)).toContain('#123456');
    const owned = await (await slash(COLLECTOR, 'place', { x: 1, y: 1, color: '#123456' })).reply();
    expect(isEphemeral(owned)).toBe(true);
    expect(owned.content).toMatch(/Placed \*\*#123456\*\* at \*\*\(1, 1\)\*\*.*<t:\d+:R>/);
    expect(owned.files).toEqual([]); // nothing is rendered for a placement until the member asks to see it
    // "Show on the canvas" turns the answer into the view around the pixel, in place.
    const shown = await (await double.clickButton({ userId: COLLECTOR, message: owned, customId: control(owned, 'canvas:refresh:') })).reply();
    expect(shown.id).toBe(owned.id);
    expect(shown.content).toContain('cursor **(1, 1)**');
    expect(shown.content).toContain('colour **#123456**');
    expect(control(shown, 'canvas:color:')).toBeDefined();
    expect(JSON.stringify(shown.components)).toContain('"value":"123456"'); // the bought colour is in the colour menu
    expect(await pixelInImage(shown, 32, 1, 1)).toBe(0x123456);
  });

  it('enforces the cooldown, and gives it back when the placement itself is refused', async () => {
    const again = await (await slash(MEMBER, 'place', { x: 0, y: 0, color: 'blue' })).reply();
    expect(isEphemeral(again)).toBe(true);
    expect(again.content).toMatch(/next pixel is allowed <t:\d+:R>|next pixel <t:\d+:R>/);

    expect((await (await admin('lock')).reply()).content).toMatch(/locked/);
    const view = await (await slash(LATE, 'view', { x: 20, y: 20 })).reply();
    const refused = await (await double.clickButton({ userId: LATE, message: view, customId: control(view, 'canvas:place:') })).reply();
    expect(isEphemeral(refused)).toBe(true);
    expect(refused.content).toMatch(/canvas is locked/);
    const cooldown = await mongo.db.collection('canvas_cooldowns').findOne({ _id: `${GUILD}:${LATE}` as never });
    expect((cooldown?.until as Date).getTime()).toBe(0); // taken, then given back
    expect((await (await admin('unlock')).reply()).content).toMatch(/open again/);
    const place = await double.clickButton({ userId: LATE, message: view, customId: control(view, 'canvas:place:') });
    expect((await place.waitForFollowUp()).content).toMatch(/Placed/);
  });

  it('a Discord failure after the pixel was written keeps pixel and cooldown, and tells the member with an error id', async () => {
    const view = await (await slash(OTHER, 'view', { x: 30, y: 30 })).reply();
    // Discord answers 503 until discord.js gives up on the reply carrying the new picture.
    double.failNext({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 503, times: 4 });
    const click = await double.clickButton({ userId: OTHER, message: view, customId: control(view, 'canvas:place:') });
    const failed = await click.reply(10_000);
    expect(isEphemeral(failed)).toBe(true);
    expect(failed.content).toMatch(/error id \*\*E-[0-9A-Z]{4,}\*\*/);
    const info = await (await slash(OTHER, 'pixel', { x: 30, y: 30 })).reply();
    expect(info.content).toContain(`placed by <@${OTHER}>`);
    const again = await (await slash(OTHER, 'place', { x: 29, y: 30, color: 'red' })).reply();
    expect(again.content).toMatch(/next pixel <t:\d+:R>/);
  });

  it('50 members place at once', async () => {
    const handles = await Promise.all(CROWD.map((id, i) => slash(id, 'place', { x: i % 25, y: 20 + Math.floor(i / 25), color: i % 2 ? 'red' : 'blue' })));
    const replies = await Promise.all(handles.map((h) => h.reply(20_000)));
    for (const r of replies) expect(r.content).toMatch(/^✅ Placed/);
    const view = await (await slash(OTHER, 'view', { x: 12, y: 20 })).reply();
    for (let i = 0; i < 50; i++) expect(await pixelInImage(view, 32, i % 25, 20 + Math.floor(i / 25))).toBe(i % 2 ? RED : BLUE);
    const crowdLog = await mongo.db.collection('canvas_log').countDocuments({ guildId: GUILD, userId: { $in: CROWD } });
    expect(crowdLog).toBe(50);
  }, 40_000);

  it('/canvas pixel and /canvas timelapse tell the history', async () => {
    const info = await (await slash(OTHER, 'pixel', { x: 11, y: 15 })).reply();
    expect(isEphemeral(info)).toBe(true);
    expect(info.content).toMatch(new RegExp(`\\*\\*red\\*\\* \\(#E50000\\), placed by <@${MEMBER}> <t:\\d+:R>`));
    const blank = await (await slash(OTHER, 'pixel', { x: 31, y: 0 })).reply();
    expect(blank.content).toMatch(/nobody has placed/);

    const lapse = await (await slash(OTHER, 'timelapse')).reply(15_000);
    const gif = lapse.files.find((f) => f.name === 'canvas-timelapse.gif');
    expect(gif).toBeDefined();
    const decoded = decodeGif(gif!.data);
    expect(decoded.frames).toBeGreaterThan(2);
    expect(lapse.content).toMatch(/55 pixels/); // MEMBER, VISITOR, COLLECTOR, LATE, OTHER and the crowd of 50
  });
});

describe('after a restart', () => {
  it("an old message's buttons still work", async () => {
    const old = await (await slash(MEMBER, 'view', { x: 5, y: 5 })).reply();
    await restartBot();
    const moved = await (await double.clickButton({ userId: MEMBER, message: old, customId: control(old, 'canvas:mv:1:1:') })).reply();
    expect(moved.id).toBe(old.id);
    expect(moved.content).toContain('cursor **(6, 6)**');
    expect(await pixelInImage(moved, 32, 11, 15)).toBe(RED);
  }, 40_000);
});

describe('moderation (Manage Server)', () => {
  it('refuses members', async () => {
    const denied = await (await slash(OTHER, 'lock', {}, 'admin')).reply();
    expect(isEphemeral(denied)).toBe(true);
    expect(denied.content).toMatch(/Manage Server/);
  });

  it('ban and unban', async () => {
    expect((await (await admin('ban', { user: GRIEFER, reason: 'spam' })).reply()).content).toMatch(/can no longer place/);
    const banned = await (await slash(GRIEFER, 'place', { x: 30, y: 30, color: 'red' })).reply();
    expect(banned.content).toMatch(/banned from placing/);
    expect((await (await admin('unban', { user: GRIEFER })).reply()).content).toMatch(/may place pixels again/);
    expect((await (await slash(GRIEFER, 'place', { x: 11, y: 15, color: 'black' })).reply()).content).toMatch(/Placed/);
  });

  it('rollback restores what was under the member', async () => {
    const r = await (await admin('rollback', { user: GRIEFER, minutes: 10 })).reply();
    expect(r.content).toMatch(/Rolled back 1 placement .* 1 pixel restored/);
    const view = await (await slash(OTHER, 'view', { x: 11, y: 15 })).reply();
    expect(await pixelInImage(view, 32, 11, 15)).toBe(RED);
  });

  it('resize keeps pixels inside and is tier-limited', async () => {
    const tooBig = await (await admin('resize', { size: 64 })).reply();
    expect(tooBig.content).toMatch(/Free tier allows canvases up to 32×32/);
    const small = await (await admin('resize', { size: 16 })).reply();
    expect(small.content).toMatch(/now 16×16/);
    const view = await (await slash(OTHER, 'view', { x: 11, y: 15 })).reply();
    expect(view.content).toContain('16×16');
    expect(await pixelInImage(view, 16, 11, 15)).toBe(RED);
    expect(await pixelInImage(view, 16, 1, 1)).toBe(0x123456);
  });

  it('reset asks for confirmation first', async () => {
    const ask = await (await admin('reset')).reply();
    expect(isEphemeral(ask)).toBe(true);
    expect(ask.content).toMatch(/Reset the 16×16 canvas\? All \d+ painted pixels/);
    const cancelled = await (await double.clickButton({ userId: ADMIN, message: ask, customId: 'canvas:reset-no' })).reply();
    expect(cancelled.content).toMatch(/cancelled/);
    const ask2 = await (await admin('reset')).reply();
    const done = await (await double.clickButton({ userId: ADMIN, message: ask2, customId: 'canvas:reset-yes' })).reply();
    expect(done.content).toMatch(/reset to a blank 16×16/);
    const view = await (await slash(OTHER, 'view', { x: 11, y: 15 })).reply();
    expect(await pixelInImage(view, 16, 11, 15)).toBe(WHITE);
  });
});

describe('legacy canvas', () => {
  it('the old bot canvas was migrated at start', async () => {
    const info = await (await slash(ADMIN, 'pixel', { x: 4, y: 5 }, undefined, LEGACY_GUILD)).reply();
    expect(info.content).toMatch(new RegExp(`\\*\\*blue\\*\\* \\(#0083C7\\), placed by <@${LEGACY_ARTIST}>`));
  });
});

describe('protocol', () => {
  it('sent only bodies Discord accepts and answered every interaction', () => {
    expectProtocolKept();
  });
});

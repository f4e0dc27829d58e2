/** Driving /server through the Discord double the way an admin does, shared by the e2e files. */
import type { DiscordDouble, DoubleMessage, InteractionHandle } from './discord-double/index.js';
import type { Sshd } from './sshd.js';

/** Custom ids of a message's buttons and menus, in order. */
export function customIds(m: DoubleMessage): string[] {
  return (m.components ?? [])
    .flatMap((row) => ('components' in row ? (row.components as unknown[]) : []))
    .map((c) => String((c as { custom_id?: string }).custom_id ?? ''));
}

export function idStartingWith(m: DoubleMessage, prefix: string): string {
  const id = customIds(m).find((c) => c.startsWith(prefix));
  if (!id) throw new Error(`no component ${prefix}… in ${customIds(m).join(', ')}`);
  return id;
}

/** The add form's fields for a server on this sshd. */
export function sshdFields(sshd: Sshd, name: string, over: Record<string, string> = {}): Record<string, string> {
  return { name, address: `127.0.0.1:${sshd.port}`, username: sshd.username, password: sshd.password, root: sshd.root, ...over };
}

/** /server add → modal → submit; resolves with the submit's interaction. */
export async function submitAdd(double: DiscordDouble, guildId: string, userId: string, fields: Record<string, string>): Promise<InteractionHandle> {
  const ix = await double.slash({ guildId, userId, command: 'server', subcommand: 'add' });
  const modal = await ix.modal();
  if (!modal.custom_id.startsWith('server:add:')) throw new Error(`unexpected modal ${modal.custom_id}`);
  return double.submitModal({ guildId, userId, customId: modal.custom_id, fields });
}

/** The whole add flow: form, fingerprint prompt, Trust & save; resolves with the "saved" message. */
export async function addAndTrust(double: DiscordDouble, guildId: string, userId: string, fields: Record<string, string>): Promise<DoubleMessage> {
  const submit = await submitAdd(double, guildId, userId, fields);
  const prompt = await submit.reply(15_000);
  const click = await double.clickButton({ userId, guildId, message: prompt, customId: idStartingWith(prompt, 'server:trust:') });
  return click.waitForReply((m) => /saved/.test(m.content ?? ''));
}

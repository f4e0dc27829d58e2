import { ActionRowBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, type ModalSubmitInteraction } from 'discord.js';
import type { GameServer } from '../db/schemas.js';
import { clip, LIMITS } from '../discord/limits.js';
import { formatAddress, SERVER_NAME_MAX } from './input.js';

/** Field ids of the add/edit modal. */
const FIELD = { name: 'name', address: 'address', username: 'username', password: 'password', root: 'root' } as const;

function textInput(id: string, label: string, opts: { value?: string; required?: boolean; max: number; placeholder?: string }) {
  const input = new TextInputBuilder()
    .setCustomId(id)
    .setLabel(label)
    .setStyle(TextInputStyle.Short)
    .setRequired(opts.required ?? true)
    .setMaxLength(opts.max);
  // A prefilled value longer than the field's maximum would make Discord refuse the whole modal.
  if (opts.value) input.setValue(clip(opts.value, opts.max));
  if (opts.placeholder) input.setPlaceholder(clip(opts.placeholder, LIMITS.textInputPlaceholder));
  return new ActionRowBuilder<TextInputBuilder>().addComponents(input);
}

/** The add/edit form. A modal holds five fields, so host and port share one ("host:port", 22 by default). */
export function serverModal(customId: string, title: string, server?: GameServer): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(customId)
    .setTitle(clip(title, LIMITS.modalTitle))
    .addComponents(
      textInput(FIELD.name, 'Name (shown in lists and feeds)', { max: SERVER_NAME_MAX, placeholder: 'EU #1', ...(server ? { value: server.name } : {}) }),
      textInput(FIELD.address, 'Host and port (port 22 if left out)', {
        max: 300,
        placeholder: '203.0.113.5:8822',
        ...(server ? { value: formatAddress(server.host, server.port) } : {}),
      }),
      textInput(FIELD.username, 'SFTP username', { max: 64, ...(server ? { value: server.username } : {}) }),
      // The password is never sent back to Discord: blank on edit keeps the stored one.
      textInput(FIELD.password, server ? 'SFTP password (blank keeps the current one)' : 'SFTP password', { max: 256, required: !server }),
      textInput(FIELD.root, 'Root folder (optional)', {
        max: 256,
        required: false,
        placeholder: '/ or /79.127.236.1_7020',
        ...(server && server.root !== '/' ? { value: server.root } : {}),
      }),
    );
}

export function modalValues(interaction: ModalSubmitInteraction) {
  const get = (id: string) => interaction.fields.getTextInputValue(id) ?? '';
  return { name: get(FIELD.name), address: get(FIELD.address), username: get(FIELD.username), password: get(FIELD.password), root: get(FIELD.root) };
}

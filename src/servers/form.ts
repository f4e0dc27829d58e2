import { ActionRowBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, type ModalSubmitInteraction } from 'discord.js';
import type { GameServer } from '../db/schemas.js';
import { clip, LIMITS } from '../discord/limits.js';
import type { Translator } from '../i18n/translate.js';
import { formatAddress, SERVER_NAME_MAX } from './input.js';

/** Field ids of the add/edit modal. */
const FIELD = { name: 'name', address: 'address', username: 'username', password: 'password', root: 'root' } as const;

function textInput(id: string, label: string, opts: { value?: string; required?: boolean; max: number; placeholder?: string }) {
  const input = new TextInputBuilder()
    .setCustomId(id)
    .setLabel(clip(label, LIMITS.textInputLabel))
    .setStyle(TextInputStyle.Short)
    .setRequired(opts.required ?? true)
    .setMaxLength(opts.max);
  // A prefilled value longer than the field's maximum would make Discord refuse the whole modal.
  if (opts.value) input.setValue(clip(opts.value, opts.max));
  if (opts.placeholder) input.setPlaceholder(clip(opts.placeholder, LIMITS.textInputPlaceholder));
  return new ActionRowBuilder<TextInputBuilder>().addComponents(input);
}

/**
 * The add/edit form, in the member's words. A modal holds five fields, so host and port share one
 * ("host:port", 22 by default).
 */
export function serverModal(t: Translator, customId: string, title: string, server?: GameServer): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(customId)
    .setTitle(clip(title, LIMITS.modalTitle))
    .addComponents(
      textInput(FIELD.name, t.t('server.form.name'), { max: SERVER_NAME_MAX, placeholder: 'EU #1', ...(server ? { value: server.name } : {}) }),
      textInput(FIELD.address, t.t('server.form.address'), {
        max: 300,
        placeholder: '203.0.113.5:8822',
        ...(server ? { value: formatAddress(server.host, server.port) } : {}),
      }),
      textInput(FIELD.username, t.t('server.form.username'), { max: 64, ...(server ? { value: server.username } : {}) }),
      // The password is never sent back to Discord: blank on edit keeps the stored one.
      textInput(FIELD.password, t.t(server ? 'server.form.passwordKeep' : 'server.form.password'), { max: 256, required: !server }),
      textInput(FIELD.root, t.t('server.form.root'), {
        max: 256,
        required: false,
        placeholder: t.t('server.form.rootPlaceholder'),
        ...(server && server.root !== '/' ? { value: server.root } : {}),
      }),
    );
}

export function modalValues(interaction: ModalSubmitInteraction) {
  const get = (id: string) => interaction.fields.getTextInputValue(id) ?? '';
  return { name: get(FIELD.name), address: get(FIELD.address), username: get(FIELD.username), password: get(FIELD.password), root: get(FIELD.root) };
}

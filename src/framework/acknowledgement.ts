import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';

/**
 * Discord takes one initial response per interaction, and discord.js marks an interaction replied or
 * deferred only once Discord has answered. So the chain's safety-net defer, fired while a handler's own
 * reply is still in flight (slow network, a 429 retry), would be a second response and fail with
 * "already acknowledged" — and so would a handler's reply sent just after that defer.
 *
 * This wraps the interaction's initial-response methods once, so a response counts from the moment it is
 * sent, and a handler that answers after the automatic defer edits the deferred response instead.
 */
export interface Acknowledgement {
  /** An initial response was sent (perhaps not answered yet). */
  readonly sent: boolean;
  /** Defers (a thinking reply, or an update of the clicked message) unless a response was already sent. */
  autoDefer(ephemeral: boolean): Promise<void>;
  /** Resolves once the initial response in flight, if any, is answered (whatever the outcome). */
  settled(): Promise<void>;
}

type Method = (...args: unknown[]) => Promise<unknown>;

export function guardAcknowledgement(interaction: RepliableInteraction): Acknowledgement {
  const target = interaction as unknown as Record<string, Method>;
  let inFlight: Promise<unknown> | null = null;
  let autoDeferred = false;
  const original: Record<string, Method> = {};
  const settled = async () => {
    await inFlight?.catch(() => undefined);
  };
  const send = (name: string, args: unknown[]) => {
    inFlight = original[name]!.apply(interaction, args);
    return inFlight;
  };
  /** The handler's own initial response, once the automatic defer went first. */
  const afterDefer: Record<string, (options: unknown) => Promise<unknown>> = {
    reply: async (options) => {
      const body = (typeof options === 'string' ? { content: options } : options) as { flags?: unknown };
      const ephemeral = (Number(body.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
      // A deferred update keeps the clicked message, and a defer fixed the response's visibility: a reply
      // that is a new message, or wants the other visibility, becomes a follow-up.
      if (interaction.isMessageComponent() || ephemeral !== Boolean(interaction.ephemeral)) return interaction.followUp(options as never);
      const { flags: _flags, ...rest } = body;
      return interaction.editReply(rest as never);
    },
    update: (options) => interaction.editReply(options as never),
    deferReply: async () => undefined,
    deferUpdate: async () => undefined,
    showModal: async () => {
      throw new UserError(msg('error.formTooSlow'), 'external');
    },
  };
  for (const name of Object.keys(afterDefer)) {
    if (typeof target[name] !== 'function') continue;
    original[name] = target[name];
    target[name] = async (...args: unknown[]) => {
      if (!autoDeferred) return send(name, args);
      await settled();
      return afterDefer[name]!(args[0]);
    };
  }
  return {
    get sent() {
      return inFlight !== null;
    },
    async autoDefer(ephemeral) {
      if (inFlight !== null) return;
      autoDeferred = true;
      await (interaction.isMessageComponent()
        ? send('deferUpdate', [])
        : send('deferReply', [{ flags: ephemeral ? MessageFlags.Ephemeral : undefined }]));
    },
    settled,
  };
}

import { MessageFlags, type InteractionEditReplyOptions, type InteractionUpdateOptions, type ModalBuilder, type RepliableInteraction } from 'discord.js';
import { createResponder, type Responder, type ResponseBody } from './responder.js';

/**
 * Every way a handler answers an interaction, in one place. Handlers never call discord.js's response
 * methods themselves: these go through the acknowledgement guard (./acknowledgement.ts), which keeps the
 * chain's automatic defer and a handler's own response from both being sent.
 */
export interface Answer {
  /** A reply, an edit of a deferred reply, or a follow-up: whichever the interaction's state allows. */
  respond: Responder;
  /**
   * Acknowledges now and answers later: a component keeps its message (a later `update` edits it), a
   * command shows "thinking" (ephemeral as its policy says).
   */
  defer(): Promise<void>;
  /** Replaces the clicked message (a component), or the deferred reply; a command without one replies. */
  update(body: ResponseBody): Promise<void>;
  /** Opens a form: must be the interaction's first response. */
  showModal(modal: ModalBuilder): Promise<void>;
  /** A further message after the first response. */
  followUp(body: ResponseBody): Promise<void>;
}

export function createAnswer(interaction: RepliableInteraction, defaultEphemeral: boolean): Answer {
  const respond = createResponder(interaction, defaultEphemeral);
  const acknowledged = () => interaction.deferred || interaction.replied;
  /** The interaction came from a message it may edit: a button, a select, a form opened by one. */
  const onMessage = () => interaction.isMessageComponent() || (interaction.isModalSubmit() && interaction.isFromMessage());
  return {
    respond,
    async defer() {
      if (acknowledged()) return;
      if (onMessage() && 'deferUpdate' in interaction) await interaction.deferUpdate();
      else await interaction.deferReply({ flags: defaultEphemeral ? MessageFlags.Ephemeral : undefined });
    },
    async update(body) {
      const { ephemeral: _ephemeral, ...rest } = body;
      if (acknowledged()) await interaction.editReply(rest as InteractionEditReplyOptions);
      else if (onMessage() && 'update' in interaction) await interaction.update(rest as InteractionUpdateOptions);
      else await respond(body);
    },
    async showModal(modal) {
      if (!('showModal' in interaction)) throw new TypeError('a modal submit cannot open another form');
      await interaction.showModal(modal);
    },
    async followUp(body) {
      const { ephemeral = defaultEphemeral, ...rest } = body;
      await interaction.followUp({ ...rest, flags: ephemeral ? MessageFlags.Ephemeral : undefined });
    },
  };
}

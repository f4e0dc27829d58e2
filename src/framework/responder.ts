import {
  MessageFlags,
  type InteractionReplyOptions,
  type InteractionEditReplyOptions,
  type Interaction,
  type MessagePayload,
} from 'discord.js';

export type ResponseBody = Omit<InteractionReplyOptions, 'flags' | 'ephemeral' | 'withResponse' | 'fetchReply'> & {
  ephemeral?: boolean;
};

export type Responder = (body: ResponseBody | string) => Promise<void>;

type Repliable = Extract<Interaction, { reply: unknown }>;

/**
 * Sends a response whatever state the interaction is in: first reply, edit of a deferred reply, or a
 * follow-up once a reply exists. A deferred reply's visibility was fixed at defer time; an ephemeral
 * message asked for after a public defer becomes an ephemeral follow-up so it never leaks.
 */
export function createResponder(interaction: Repliable, defaultEphemeral: boolean): Responder {
  return async (input) => {
    const body: ResponseBody = typeof input === 'string' ? { content: input } : input;
    const { ephemeral = defaultEphemeral, ...rest } = body;
    if (!interaction.deferred && !interaction.replied) {
      await interaction.reply({ ...rest, flags: ephemeral ? MessageFlags.Ephemeral : undefined });
      return;
    }
    if (interaction.deferred && !interaction.replied && (interaction.ephemeral ?? false) === ephemeral) {
      await interaction.editReply(rest as InteractionEditReplyOptions | MessagePayload);
      return;
    }
    await interaction.followUp({ ...rest, flags: ephemeral ? MessageFlags.Ephemeral : undefined });
  };
}

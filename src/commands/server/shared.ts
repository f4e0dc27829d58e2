/** Pieces the /server subcommand files share: the `server:` option, prompts and their buttons. */
import { ActionRowBuilder, ApplicationCommandOptionType, ButtonBuilder, ButtonStyle } from 'discord.js';
import { clip, LIMITS } from '../../discord/limits.js';
import { encodeCustomId } from '../../framework/customId.js';
import type { HandlerContext } from '../../framework/types.js';
import type { TrustProposal } from '../../servers/gameServers.js';
import { trustPromptEmbed } from '../../servers/views.js';

/** The `server:` option of every subcommand that acts on one server; autocomplete offers this guild's. */
export const serverOption = {
  type: ApplicationCommandOptionType.String,
  name: 'server',
  description: 'cmd.server.server',
  required: true,
  autocomplete: true,
  max_length: 100,
} as const;

/** A tri-state flag in a custom id: set, unset, or not given (read back by `routeArgs.optionalFlag`). */
export const flag = (v: boolean | null | undefined) => (v === true ? '1' : v === false ? '0' : '-');

export function confirmRow(yesId: string, yesLabel: string, noId: string, noLabel: string, danger = false) {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(yesId).setLabel(yesLabel).setStyle(danger ? ButtonStyle.Danger : ButtonStyle.Success),
    new ButtonBuilder().setCustomId(noId).setLabel(noLabel).setStyle(ButtonStyle.Secondary),
  );
}

/** Replaces a prompt (the ephemeral message the buttons sit on) with a final text (cut to one message). */
export async function closePrompt(ctx: Pick<HandlerContext, 'update'>, content: string): Promise<void> {
  await ctx.update({ content: clip(content, LIMITS.content), embeds: [], components: [] });
}

/** Shows the Trust & save prompt for a connection whose key the admin has not seen yet. */
export async function promptTrust(ctx: Pick<HandlerContext, 'respond' | 't'>, proposal: TrustProposal): Promise<void> {
  const { input, key, pendingId } = proposal;
  const { t } = ctx;
  await ctx.respond({
    embeds: [trustPromptEmbed(input.name, input.host, input.port, key, t)],
    components: [
      confirmRow(encodeCustomId('server', 'trust', pendingId), t.t('server.button.trustSave'), encodeCustomId('server', 'cancel', pendingId), t.t('server.button.cancel')),
    ],
  });
}

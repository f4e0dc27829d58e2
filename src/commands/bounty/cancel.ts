/** `/bounty cancel id:`: the placer takes back a bounty nobody claimed yet (the one out entry decides: src/bounties/settle.ts). */
import { ApplicationCommandOptionType } from 'discord.js';
import { shownName } from '../../discord/limits.js';
import { defineSubcommand } from '../../framework/define.js';
import type { AutocompleteContext } from '../../framework/types.js';

export const cancel = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'cancel',
    description: 'cmd.bounty.cancel',
    options: [{ type: ApplicationCommandOptionType.String, name: 'id', description: 'cmd.bounty.cancel.id', required: true, autocomplete: true, max_length: 100 }],
  },
  async run({ interaction, services, respond, t }, { id }) {
    const b = await services.bounties.cancel(interaction.guildId, interaction.user.id, id.trim());
    await respond(t.t('bounty.cancel.done', { amount: b.amount, target: shownName(b.targetName) }));
  },
});

/** The member's active bounties as choices (value: the id). */
export async function cancelChoices({ interaction, services, t }: AutocompleteContext): Promise<{ name: string; value: string }[]> {
  const mine = await services.bounties.mine(interaction.guildId, interaction.user.id);
  return mine.map((b) => ({ name: t.t('bounty.cancel.choice', { target: b.targetName, amount: b.amount, id: b._id }), value: b._id }));
}

/** `/board remove board:`: stops a board and deletes its message. */
import { ApplicationCommandOptionType as T } from 'discord.js';
import { shownName } from '../../discord/limits.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import { msg } from '../../i18n/message.js';
import { boardWords } from './shared.js';

export const remove = defineSubcommand({
  definition: {
    type: T.Subcommand,
    name: 'remove',
    description: 'cmd.board.remove',
    options: [{ type: T.String, name: 'board', description: 'cmd.board.remove.board', required: true, autocomplete: true, max_length: 32 }],
  },
  async run({ interaction, services, respond, t }, { board: id }) {
    const guildId = interaction.guildId;
    const removed = await services.boards.remove(guildId, id.trim());
    if (!removed) throw new UserError(msg('boards.remove.unknown', { id: shownName(id.trim(), 32) }), 'not_found');
    await services.audit.recordBy(interaction, 'boards', 'board.remove', `<#${removed.channelId}>`, { board: removed.board, window: removed.window });
    const names = new Map((await services.gameServers.list(guildId)).map((s) => [s._id, s.name]));
    await respond(t.t('boards.remove.done', { board: boardWords(removed, t, names), channel: `<#${removed.channelId}>` }));
  },
});

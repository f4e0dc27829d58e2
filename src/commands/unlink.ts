import { shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { defineCommand } from '../framework/define.js';
import { msg } from '../i18n/message.js';

export default defineCommand({
  name: 'unlink',
  description: 'cmd.unlink',
  ephemeral: true,
  async run({ interaction, services, respond, t }) {
    const removed = await services.links.unlink(interaction.guildId, interaction.user.id);
    if (!removed) throw new UserError(msg('stats.unlink.notLinked'), 'not_found');
    await respond(t.t('stats.unlink.done', { name: shownName(removed.playerName) }));
  },
});

/** `/server settings`: polling interval (bounded by the tier), killfeed delay, suicides, pause, kill post style, long shots, query port. */
import { ApplicationCommandOptionType as T } from 'discord.js';
import { shownName } from '../../discord/limits.js';
import { defineSubcommand } from '../../framework/define.js';
import { msg } from '../../i18n/message.js';
import { FEED_STYLES, LONGSHOT_METRES } from '../../ingest/index.js';
import { MIN_POLL_SECONDS } from '../../ingest/scheduler.js';
import { QueryStore } from '../../servers/queryStore.js';
import type { ServerSettings } from '../../servers/repo.js';
import { resolveHost } from '../../sftp/hostGuard.js';
import { serverOption } from './shared.js';

export const settings = defineSubcommand({
  definition: {
    type: T.Subcommand,
    name: 'settings',
    description: 'cmd.server.settings',
    options: [
      serverOption,
      { type: T.Integer, name: 'poll_seconds', description: 'cmd.server.settings.poll_seconds', min_value: MIN_POLL_SECONDS, max_value: 3600 },
      { type: T.Integer, name: 'killfeed_delay_seconds', description: 'cmd.server.settings.killfeed_delay_seconds', min_value: 0, max_value: 600 },
      { type: T.Boolean, name: 'show_suicides', description: 'cmd.server.settings.show_suicides' },
      { type: T.Boolean, name: 'paused', description: 'cmd.server.settings.paused' },
      { type: T.String, name: 'style', description: 'cmd.server.settings.style', choices: FEED_STYLES.map((v) => ({ name: v, value: v })) },
      { type: T.Integer, name: 'longshot_metres', description: 'cmd.server.settings.longshot_metres', min_value: LONGSHOT_METRES.min, max_value: LONGSHOT_METRES.max },
      // 0 turns the query off (a port is 1–65535).
      { type: T.Integer, name: 'query_port', description: 'cmd.server.settings.query_port', min_value: 0, max_value: 65535 },
    ],
  },
  async run({ interaction, services, respond, t }, options) {
    const server = await services.gameServers.resolve(interaction.guildId, options.server);
    const patch: Partial<ServerSettings> = {};
    if (options.poll_seconds !== null) patch.pollSeconds = options.poll_seconds;
    if (options.killfeed_delay_seconds !== null) patch.killfeedDelaySeconds = options.killfeed_delay_seconds;
    if (options.show_suicides !== null) patch.showSuicides = options.show_suicides;
    if (options.paused !== null) patch.paused = options.paused;
    // Discord only sends a listed choice and a number in range; a definition registered by an older version may not.
    if (options.style !== null) patch.killfeedStyle = options.style === 'compact' ? 'compact' : 'rich';
    if (options.longshot_metres !== null) patch.longshotMetres = Math.min(LONGSHOT_METRES.max, Math.max(LONGSHOT_METRES.min, options.longshot_metres));
    if (options.query_port !== null) {
      patch.queryPort = options.query_port > 0 && options.query_port <= 65535 ? options.query_port : null;
      // The address rules of SFTP: a private address is refused unless ALLOW_PRIVATE_SFTP_HOSTS (checked again at each query).
      if (patch.queryPort) await resolveHost(server.host, { allowPrivate: services.config.ALLOW_PRIVATE_SFTP_HOSTS });
    }
    const s = await services.gameServers.updateSettings(server, patch);
    // Another port (or none) starts the query's state afresh: no "back up" post for a port that was never down.
    if (patch.queryPort !== undefined && patch.queryPort !== server.settings.queryPort) await new QueryStore(services.cols.gameServers).reset(server.guildId, server._id);
    if (Object.keys(patch).length) await services.audit.recordBy(interaction, 'servers', 'server.settings', server.name, { ...patch });
    const name = shownName(server.name);
    await respond({
      content: [
        t.t(Object.keys(patch).length ? 'server.settings.saved' : 'server.settings.shown', { name }),
        t.t('server.settings.line', {
          poll: s.pollSeconds ? msg('server.settings.seconds', { seconds: s.pollSeconds }) : msg('server.settings.pollTierMax'),
          delay: msg('server.settings.seconds', { seconds: s.killfeedDelaySeconds }),
          suicides: msg(s.showSuicides ? 'server.settings.shownValue' : 'server.settings.hiddenValue'),
          paused: msg(s.paused ? 'server.settings.yes' : 'server.settings.no'),
          style: msg(s.killfeedStyle === 'compact' ? 'server.settings.styleCompact' : 'server.settings.styleRich'),
          longshot: msg('server.settings.metres', { metres: s.longshotMetres }),
        }),
        s.queryPort ? t.t('query.settings.port', { port: String(s.queryPort) }) : t.t('query.settings.off'),
      ].join('\n'),
    });
  },
});

import { EmbedBuilder } from 'discord.js';
import { defineCommand } from '../framework/define.js';
import type { Translator } from '../i18n/translate.js';

const UNITS = ['admin.about.days', 'admin.about.hours', 'admin.about.minutes', 'admin.about.seconds'] as const;

function formatUptime(ms: number, t: Translator): string {
  const s = Math.floor(ms / 1000);
  const parts = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60), s % 60];
  return parts
    .map((n, i) => [n, UNITS[i]!] as const)
    .filter(([n], i) => n > 0 || i === parts.length - 1)
    .map(([n, unit]) => t.t(unit, { n }))
    .join(' ');
}

export default defineCommand({
  name: 'about',
  description: 'cmd.about',
  ephemeral: true,
  async run({ interaction, services, respond, t }) {
    const { client } = services;
    // Under the ShardingManager client.shard knows; a process running SHARD_IDS itself has them in its options.
    const own = client.options.shards;
    const ids = client.shard?.ids ?? (Array.isArray(own) ? own : [0]);
    const count = client.shard?.count ?? (typeof client.options.shardCount === 'number' ? client.options.shardCount : 1);
    const shard = t.t('admin.about.shardOf', { ids: ids.join(', '), total: count });
    const ping = client.ws.ping;
    const embed = new EmbedBuilder()
      .setTitle(t.t('admin.about.title'))
      .setColor(0x5865f2)
      .addFields(
        { name: t.t('admin.about.version'), value: services.version, inline: true },
        { name: t.t('admin.about.uptime'), value: formatUptime(Date.now() - services.startedAt.getTime(), t), inline: true },
        { name: t.t('admin.about.shard'), value: shard, inline: true },
        { name: t.t('admin.about.latency'), value: ping >= 0 ? t.t('admin.about.latencyValue', { ms: ping }) : t.t('admin.about.measuring'), inline: true },
        { name: t.t('admin.about.servers'), value: t.format.number(client.guilds.cache.size), inline: true },
        { name: t.t('admin.about.memory'), value: t.t('admin.about.memoryValue', { mb: Math.round(process.memoryUsage().rss / 1048576) }), inline: true },
      )
      .setFooter({ text: t.t('admin.about.footer', { ms: Date.now() - interaction.createdTimestamp }) });
    await respond({ embeds: [embed] });
  },
});
export { formatUptime };

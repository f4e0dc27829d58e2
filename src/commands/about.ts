import { EmbedBuilder } from 'discord.js';
import { defineCommand } from '../framework/define.js';

function formatUptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const parts = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor((s % 86_400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ] as const;
  return parts.filter(([n], i) => n > 0 || i === parts.length - 1).map(([n, u]) => `${n}${u}`).join(' ');
}

export default defineCommand({
  name: 'about',
  description: 'Version, uptime, shard and latency of the bot',
  ephemeral: true,
  async run({ interaction, services, respond }) {
    const { client } = services;
    // Under the ShardingManager client.shard knows; a process running SHARD_IDS itself has them in its options.
    const own = client.options.shards;
    const ids = client.shard?.ids ?? (Array.isArray(own) ? own : [0]);
    const count = client.shard?.count ?? (typeof client.options.shardCount === 'number' ? client.options.shardCount : 1);
    const shard = `${ids.join(', ')} of ${count}`;
    const embed = new EmbedBuilder()
      .setTitle('Tower of Temptation')
      .setColor(0x5865f2)
      .addFields(
        { name: 'Version', value: services.version, inline: true },
        { name: 'Uptime', value: formatUptime(Date.now() - services.startedAt.getTime()), inline: true },
        { name: 'Shard', value: shard, inline: true },
        { name: 'Gateway latency', value: client.ws.ping >= 0 ? `${client.ws.ping} ms` : 'measuring…', inline: true },
        { name: 'Servers', value: String(client.guilds.cache.size), inline: true },
        { name: 'Memory', value: `${Math.round(process.memoryUsage().rss / 1048576)} MB`, inline: true },
      )
      .setFooter({ text: `Interaction received ${Date.now() - interaction.createdTimestamp} ms after it was created` });
    await respond({ embeds: [embed] });
  },
});
export { formatUptime };

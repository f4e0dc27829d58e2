import { ApplicationCommandOptionType, EmbedBuilder, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { defineCommand, type CommandModule } from '../framework/types.js';
import { hasAccess } from '../framework/permissions.js';

interface HelpLine {
  usage: string;
  description: string;
}

/** Each command and subcommand with the access its policy requires. */
function helpLines(module: CommandModule): Array<HelpLine & { sub?: string }> {
  const subs = (module.definition.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const groups = (module.definition.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.SubcommandGroup);
  if (!subs.length && !groups.length) return [{ usage: `/${module.name}`, description: module.definition.description }];
  const lines: Array<HelpLine & { sub?: string }> = subs.map((s) => ({ usage: `/${module.name} ${s.name}`, description: s.description, sub: s.name }));
  for (const g of groups) {
    for (const s of 'options' in g ? (g.options ?? []) : []) {
      lines.push({ usage: `/${module.name} ${g.name} ${s.name}`, description: s.description, sub: `${g.name} ${s.name}` });
    }
  }
  return lines;
}

export default defineCommand({
  name: 'help',
  ephemeral: true,
  definition: new SlashCommandBuilder()
    .setName('help')
    .setDescription('The commands you can use here')
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  async execute({ interaction, services, respond }) {
    const config = await services.guildConfigs.get(interaction.guildId!);
    const owners = services.config.OWNER_IDS;
    const lines: string[] = [];
    for (const module of [...services.commands.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      for (const line of helpLines(module)) {
        const access = (line.sub ? module.subcommands?.[line.sub]?.access : undefined) ?? module.access ?? 'everyone';
        if (hasAccess(access, interaction, config, owners)) lines.push(`\`${line.usage}\` — ${line.description}`);
      }
    }
    const embed = new EmbedBuilder()
      .setTitle('Tower of Temptation — commands')
      .setDescription(lines.join('\n').slice(0, 4096) || 'No commands are available to you here.')
      .setColor(0x5865f2)
      .setFooter({ text: 'Only the commands you are allowed to use are listed.' });
    await respond({ embeds: [embed] });
  },
});

import { REST } from 'discord.js';
import { ConfigError, loadConfig } from '../config.js';
import { loadCommandModules } from '../framework/registry.js';
import { commandDefinitions, deployCommands } from '../framework/sync.js';

/** `npm run deploy-commands`: registers slash commands now (in DEV_GUILD_ID when set, else globally). */
try {
  const config = loadConfig();
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
  const definitions = commandDefinitions((await loadCommandModules()).values());
  await deployCommands(rest, { applicationId: config.DISCORD_APPLICATION_ID, guildId: config.DEV_GUILD_ID }, definitions);
  process.stdout.write(`Registered ${definitions.length} commands ${config.DEV_GUILD_ID ? `in guild ${config.DEV_GUILD_ID}` : 'globally (may take up to an hour to appear)'}.\n`);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Could not register commands: ${(err as Error).message}`);
  process.exit(1);
}

import { REST, Routes } from 'discord.js';
import type { Knowledge } from '../knowledge/model.js';
import { commandDefinitions } from './definitions.js';

export interface RegisterOptions {
  token: string;
  applicationId: string;
  guildId?: string;
  apiUrl: string;
}

/** One bulk overwrite: Discord then holds exactly our commands, stale ones removed. */
export async function registerCommands(
  knowledge: Knowledge,
  options: RegisterOptions,
): Promise<{ scope: string; names: string[] }> {
  const rest = new REST({ api: options.apiUrl }).setToken(options.token);
  const body = commandDefinitions(knowledge);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const result = (await rest.put(route, { body })) as { name: string }[];
  return {
    scope: options.guildId ? `guild ${options.guildId}` : 'global',
    names: result.map((c) => c.name),
  };
}

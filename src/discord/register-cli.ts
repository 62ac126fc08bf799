import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../config.js';
import { formatProblem, KnowledgeError, loadKnowledge } from '../knowledge/loader.js';
import { knowledgeDir } from '../knowledge/paths.js';
import { inviteUrl } from './invite.js';
import { registerCommands } from './register.js';

dotenv.config({ quiet: true });

async function main(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    process.stderr.write(
      'npm run register needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example).\n',
    );
    return 1;
  }
  try {
    const knowledge = await loadKnowledge(config.KNOWLEDGE_DIR ?? knowledgeDir());
    const { scope, names } = await registerCommands(knowledge, {
      token: config.DISCORD_TOKEN,
      applicationId: config.DISCORD_APPLICATION_ID,
      apiUrl: config.DISCORD_API_URL,
      ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
    });
    process.stdout.write(
      `Registered ${names.length} commands (${scope}): ${names.map((n) => `/${n}`).join(' ')}\n`,
    );
    if (scope === 'global')
      process.stdout.write('Global commands can take a few minutes to appear in clients.\n');
    process.stdout.write(`Invite the bot with: ${inviteUrl(config.DISCORD_APPLICATION_ID)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof KnowledgeError) {
      process.stderr.write(`The knowledge base is invalid:\n${err.problems.map(formatProblem).join('\n')}\n`);
      return 1;
    }
    const status = (err as { status?: number }).status;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(
      `Registration failed${status ? ` (HTTP ${status})` : ''}: ${message.split(config.DISCORD_TOKEN).join('[redacted]')}\n` +
        (status === 401
          ? 'The token was refused: copy it again from the Bot page of the developer portal.\n'
          : ''),
    );
    return 1;
  }
}

process.exitCode = await main();

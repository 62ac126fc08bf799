// The baseline for the start-up figures: a discord.js client with the bot's intents that logs in and
// does nothing else (no knowledge, no search, no logger). Prints one JSON line when ready.
import { Client, GatewayIntentBits, Partials } from 'discord.js';

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
  partials: [Partials.Channel],
  rest: { api: process.env.DISCORD_API_URL },
});
client.once('clientReady', () => process.stdout.write(`${JSON.stringify({ msg: 'ready' })}\n`));
process.on('SIGTERM', () => client.destroy().then(() => process.exit(0)));
await client.login(process.env.DISCORD_TOKEN);

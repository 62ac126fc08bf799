/**
 * Starts the REAL Bot (src/discord/bot.ts) against the fake Discord on 127.0.0.1, with the shipped
 * knowledge base and a logger whose JSON lines are kept in memory.
 *
 *   const env = await startBot();
 *   const i = env.fake.sendInteraction(chatInputInteraction({ name: 'topics' }));
 *   const body = await env.fake.waitForCallback(i.id);
 *   await env.waitForLog((l) => l.interaction === i.id);
 *   await env.stop();
 */

import { EventEmitter } from 'node:events';
import type {
  APIInteraction,
  APIInteractionResponse,
  APIInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import { InteractionResponseType } from 'discord-api-types/v10';
import { Bot } from '../../src/discord/bot.js';
import { Responder } from '../../src/discord/responder.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { KnowledgeStore } from '../../src/store/store.js';
import { assertWithinDiscordLimits } from '../e2e/limits.js';
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from './fake-discord.js';

/** Three dot-separated parts, like a real bot token (the first is the base64 of the bot's id). */
export const TEST_TOKEN = 'MTIwMDAwMDAwMDAwMDAwMDAwMg.GxYzAb.abcdefghijklmnopqrstuvwxyz0123456789AB';

/** One parsed pino line: `level` (30 info, 40 warn, 50 error), `msg`, and the bound fields. */
export interface LogLine {
  level: number;
  msg: string;
  time: number;
  [key: string]: unknown;
}

export interface StartBotOptions {
  /** Default: 10,000 per minute, i.e. off in practice. */
  rateLimit?: { count: number; windowMs: number };
  /** Passed to the fake. The fake always checks the token (`token: TEST_TOKEN`). */
  fake?: Omit<FakeDiscordOptions, 'token'>;
  /** Default 'info'. */
  logLevel?: string;
  /** Reuse a store (e.g. to stub it); default: the shipped knowledge/. */
  store?: KnowledgeStore;
}

export interface StartedBot {
  fake: FakeDiscord;
  bot: Bot;
  store: KnowledgeStore;
  /** A Responder over the same store, to derive expected payloads. */
  responder: Responder;
  logger: Logger;
  /** Every log line, parsed, in order. */
  logs: LogLine[];
  /** The same lines exactly as written (after the token filter). */
  rawLogs: string[];
  /** Sends the interaction, waits for its callback, and checks it against Discord's limits. */
  roundTrip(interaction: APIInteraction): Promise<APIInteractionResponse>;
  /** Resolves with the first line (past or future) matching `predicate`. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Stops the bot (letting replies in flight finish), then the fake. Idempotent. */
  stop(): Promise<void>;
}

export async function startBot(options: StartBotOptions = {}): Promise<StartedBot> {
  const fake = await startFakeDiscord({ ...options.fake, token: TEST_TOKEN });
  const rawLogs: string[] = [];
  const logs: LogLine[] = [];
  const written = new EventEmitter();
  written.setMaxListeners(0);
  const logger = createLogger({
    level: options.logLevel ?? 'info',
    secrets: [TEST_TOKEN],
    pretty: false,
    destination: {
      write(chunk: string) {
        for (const line of chunk.split('\n')) {
          if (!line) continue;
          rawLogs.push(line);
          logs.push(JSON.parse(line) as LogLine);
        }
        written.emit('line');
      },
    },
  });
  let bot: Bot | undefined;
  try {
    const store = options.store ?? (await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR));
    bot = new Bot({
      token: TEST_TOKEN,
      apiUrl: fake.restBase,
      store,
      logger,
      rateLimit: options.rateLimit ?? { count: 10_000, windowMs: 60_000 },
    });
    await bot.start();
    const started = bot;
    let stopped: Promise<void> | undefined;
    return {
      fake,
      bot: started,
      store,
      responder: new Responder(() => store.current()),
      logger,
      logs,
      rawLogs,
      async roundTrip(interaction) {
        fake.sendInteraction(interaction);
        const body = await fake.waitForCallback(interaction.id);
        assertWithinDiscordLimits(body);
        return body;
      },
      waitForLog(predicate, timeoutMs = 5000) {
        const found = logs.find(predicate);
        if (found) return Promise.resolve(found);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            written.off('line', check);
            reject(new Error(`timed out after ${timeoutMs} ms waiting for a log line`));
          }, timeoutMs);
          function check() {
            const line = logs.find(predicate);
            if (!line) return;
            clearTimeout(timer);
            written.off('line', check);
            resolve(line);
          }
          written.on('line', check);
        });
      },
      stop() {
        stopped ??= (async () => {
          try {
            await started.stop(2000);
          } finally {
            await fake.close();
          }
        })();
        return stopped;
      },
    };
  } catch (err) {
    await bot?.client.destroy();
    await fake.close();
    throw err;
  }
}

/** The data of a type 4 (new message) or 7 (update) callback; fails on any other type. */
export function messageData(body: APIInteractionResponse): APIInteractionResponseCallbackData {
  if (
    body.type !== InteractionResponseType.ChannelMessageWithSource &&
    body.type !== InteractionResponseType.UpdateMessage
  ) {
    throw new Error(`expected a message callback (4 or 7), got type ${body.type}`);
  }
  if (!body.data) throw new Error('callback without data');
  return body.data;
}

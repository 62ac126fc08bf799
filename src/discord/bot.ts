import {
  type APIInteraction,
  Client,
  type ClientOptions,
  Events,
  GatewayDispatchEvents,
  GatewayIntentBits,
  type Message,
  Partials,
  Status,
} from 'discord.js';
import { InFlight } from '../in-flight.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { KnowledgeStore } from '../store/store.js';
import { cacheOptions, sweepDmChannels } from './client-options.js';
import { elapsed, postCallback, postChannelReply, postFollowUp, recordInteraction } from './deliver.js';
import { handleInteraction, refOf } from './interactions.js';
import { missingPermissions, OncePerChannel } from './permissions.js';
import { RateLimiter } from './rate-limit.js';
import { Responder } from './responder.js';

export interface BotOptions {
  token: string;
  apiUrl: string;
  store: KnowledgeStore;
  logger: Logger;
  rateLimit: { count: number; windowMs: number };
  metrics?: Metrics;
  /**
   * False when an HTTP interactions endpoint answers interactions and this process is only there
   * for mentions and DMs. Default true.
   */
  answerInteractions?: boolean;
  /**
   * Internal sharding: run shards 0..n-1 of n in this process, or `auto` (Discord's
   * recommendation). Unset: one shard, or what a ShardingManager assigned (SHARDS, SHARD_COUNT).
   */
  shards?: number | 'auto';
}

/**
 * The gateway transport: receives interactions and messages, asks the Responder for the reply
 * plan, sends its bodies unchanged, and logs one line per interaction. It keeps no state about past
 * replies (buttons carry their own), so a restart loses nothing.
 */
export class Bot {
  readonly client: Client;
  private readonly responder: Responder;
  private readonly limiter: RateLimiter;
  private readonly inFlight = new InFlight();
  private closing = false;
  /** Channels already reported as ones the bot may not speak in (logged once each). */
  private readonly muted = new OncePerChannel();
  private started = false;

  constructor(private readonly options: BotOptions) {
    this.responder = new Responder(() => options.store.current());
    this.limiter = new RateLimiter(options.rateLimit.count, options.rateLimit.windowMs);
    this.client = new Client({
      // No privileged intent: mentions and DMs arrive with their content anyway.
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel],
      rest: { api: options.apiUrl },
      // Bounded caches: memory stays flat however many users it sees.
      ...cacheOptions(),
      ...shardingOptions(options.shards),
    });
    sweepDmChannels(this.client);
    const log = options.logger;
    // Interactions are taken raw, as the HTTP endpoint receives them, so both answer the same way.
    if (options.answerInteractions ?? true) {
      this.client.ws.on(GatewayDispatchEvents.InteractionCreate, (raw: APIInteraction, shard: number) =>
        this.track(this.onInteraction(raw, shard)),
      );
    }
    this.client.on(Events.MessageCreate, (message) => this.track(this.onMessage(message)));
    this.client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
    this.client.on(Events.ShardDisconnect, (event, shard) =>
      log.warn({ code: event.code, shard }, 'gateway disconnected'),
    );
    this.client.on(Events.ShardReconnecting, (shard) => {
      // discord.js reports the close in `stop` as a reconnect too.
      if (!this.closing) log.info({ shard }, 'gateway reconnecting');
    });
    this.client.on(Events.ShardResume, (shard, replayed) => {
      options.metrics?.reconnects.inc({ shard: String(shard) });
      log.info({ shard, replayed }, 'gateway resumed');
    });
    this.client.on(Events.ShardReady, (shard) => {
      // A shard that had to identify again after losing its session is a reconnect too.
      if (this.started) options.metrics?.reconnects.inc({ shard: String(shard) });
      log.info({ shard }, 'shard ready');
    });
  }

  async start(): Promise<void> {
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    await this.client.login(this.options.token);
    await ready;
    this.started = true;
  }

  /** Connected and answering: every shard of this process is ready, and it is not shutting down. */
  get ready(): boolean {
    return this.started && !this.closing && this.client.isReady() && this.client.ws.status === Status.Ready;
  }

  /** The shard ids this process runs. */
  get shardIds(): number[] {
    const shards = this.client.options.shards;
    return Array.isArray(shards) ? shards : [];
  }

  /**
   * Stops answering new messages, lets replies in flight finish (up to `graceMs` in all), then
   * disconnects. Interactions that arrive while it waits are still answered (nobody else would, and
   * the user would see "This interaction failed"), and waited for too: the wait lasts until nothing
   * is in flight, not just what was in flight when `stop` was called.
   */
  async stop(graceMs = 5000): Promise<void> {
    this.closing = true;
    const deadline = performance.now() + graceMs;
    // Events already read from the socket reach their handlers before the gateway is closed.
    await new Promise((r) => setImmediate(r));
    await this.inFlight.drain(deadline);
    await this.client.destroy();
    // Interactions handled while the gateway was closing: their callbacks need no token, so they still go out.
    await this.inFlight.drain(deadline);
  }

  get pending(): number {
    return this.inFlight.size;
  }

  private track(work: Promise<void>): void {
    this.inFlight.track(
      work.catch((err) => this.options.logger.error({ err }, 'unexpected failure while handling an event')),
    );
  }

  private async onInteraction(raw: APIInteraction, shard: number): Promise<void> {
    const started = performance.now();
    const handled = handleInteraction(raw, this.responder, this.limiter);
    if (!handled) return;
    const ref = refOf(raw);
    const { logger, metrics } = this.options;
    try {
      await postCallback(this.client.rest, ref, handled);
      if (handled.followUp) await postFollowUp(this.client.rest, ref, handled.followUp);
      recordInteraction(logger, metrics, ref, handled, started, { shard });
    } catch (failure) {
      recordInteraction(logger, metrics, ref, handled, started, { shard, failure });
    }
  }

  private async onMessage(message: Message): Promise<void> {
    if (this.closing || message.author.bot || !this.client.user) return;
    const me = this.client.user.id;
    const isDm = message.guildId === null;
    // Discord's mention picker often offers the bot's managed role rather than the bot itself.
    const role = message.guild?.members.me?.roles.botRole?.id;
    const mention = new RegExp(`<@!?${me}>${role ? `|<@&${role}>` : ''}`, 'g');
    // In a channel, only an explicit @mention asks: a reply to one of our answers also
    // "mentions" the bot, and answering every "thanks!" would be noise.
    if (!isDm && !mention.test(message.content)) return;
    const started = performance.now();
    const text = message.content.replace(mention, ' ').trim();
    const kind = isDm ? 'dm' : 'mention';
    // Where the bot may not answer, it does not try: one log line per channel, not one per message.
    const missing = message.inGuild() ? missingPermissions(message.channel, message.guild.members.me) : [];
    if (missing && missing.length > 0) {
      if (this.muted.first(message.channelId))
        this.options.logger.warn(
          { channel: message.channelId, guild: message.guildId, missing },
          'cannot answer mentions in this channel: missing permissions (logged once per channel)',
        );
      return;
    }
    const wait = this.limiter.take(message.author.id);
    const { logger: log, metrics } = this.options;
    const line = {
      message: message.id,
      channel: message.channelId,
      shard: message.guild?.shardId ?? 0,
      kind,
    };
    if (wait) {
      metrics?.observeIgnoredMessage(kind);
      log.info({ ...line, status: 'rate-limited' }, 'message ignored: rate limited');
      return;
    }
    const plan = this.responder.message(text, {
      userId: message.author.id,
      channelId: message.channelId,
      messageId: message.id,
      guildLocale: message.guild?.preferredLocale,
    });
    if (plan.error) log.error({ ...line, err: plan.error }, 'answer failed; sent an apology');
    try {
      await postChannelReply(this.client.rest, plan);
      const ms = elapsed(started);
      metrics?.observeInteraction(kind, plan.answer.status, ms / 1000);
      log.info({ ...line, status: plan.answer.status, ids: plan.answer.ids, ms }, 'message answered');
    } catch (err) {
      metrics?.observeInteraction(kind, 'undelivered', elapsed(started) / 1000);
      log.warn({ ...line, err }, 'could not deliver the reply');
    }
  }
}

/**
 * discord.js reads SHARDS and SHARD_COUNT from the environment itself (that is how a
 * ShardingManager tells each process its shards); an explicit setting here takes precedence
 * only when no manager is in charge.
 */
function shardingOptions(shards: BotOptions['shards']): Partial<ClientOptions> {
  if (shards === undefined || process.env.SHARDING_MANAGER) return {};
  if (shards === 'auto') {
    // With 'auto' discord.js ignores shardCount; a value other than the default 1 stops it from
    // reading SHARD_COUNT=auto from the environment as a number.
    return { shards: 'auto', shardCount: 2 };
  }
  return { shards: Array.from({ length: shards }, (_, i) => i), shardCount: shards };
}

import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  Client,
  type CommandInteractionOption,
  Events,
  GatewayIntentBits,
  type Interaction,
  InteractionResponseType,
  type Message,
  type MessageComponentInteraction,
  MessageFlags,
  Partials,
} from 'discord.js';
import type { CommandArgs } from '../commands/spec.js';
import type { KnowledgeStore } from '../knowledge/store.js';
import type { Logger } from '../logger.js';
import { RateLimiter } from './rate-limit.js';
import { type Reply, Responder } from './responder.js';

export interface BotOptions {
  token: string;
  apiUrl: string;
  store: KnowledgeStore;
  logger: Logger;
  rateLimit: { count: number; windowMs: number };
}

/**
 * The thin Discord layer: receives interactions and messages, asks the Responder for the
 * payload, sends it, and logs one line per interaction. It keeps no state about past
 * replies (buttons carry their own), so a restart loses nothing.
 */
export class Bot {
  readonly client: Client;
  private readonly responder: Responder;
  private readonly limiter: RateLimiter;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;

  constructor(private readonly options: BotOptions) {
    this.responder = new Responder(() => options.store.current());
    this.limiter = new RateLimiter(options.rateLimit.count, options.rateLimit.windowMs);
    this.client = new Client({
      // No privileged intent: mentions and DMs arrive with their content anyway.
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel],
      rest: { api: options.apiUrl },
      allowedMentions: { parse: [], repliedUser: false },
    });
    this.client.on(Events.InteractionCreate, (interaction) => this.track(this.onInteraction(interaction)));
    this.client.on(Events.MessageCreate, (message) => this.track(this.onMessage(message)));
    this.client.on(Events.Error, (err) => options.logger.error({ err }, 'discord client error'));
    this.client.on(Events.ShardDisconnect, (event, shard) =>
      options.logger.warn({ code: event.code, shard }, 'gateway disconnected'),
    );
    this.client.on(Events.ShardResume, (shard, replayed) =>
      options.logger.info({ shard, replayed }, 'gateway resumed'),
    );
  }

  async start(): Promise<void> {
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    await this.client.login(this.options.token);
    await ready;
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
    await this.drain(deadline);
    await this.client.destroy();
    // Interactions handled while the gateway was closing: their callbacks need no token, so they still go out.
    await this.drain(deadline);
  }

  private async drain(deadline: number): Promise<void> {
    while (this.inFlight.size > 0) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.inFlight]),
        new Promise((r) => {
          timer = setTimeout(r, left).unref();
        }),
      ]);
      clearTimeout(timer);
    }
  }

  get pending(): number {
    return this.inFlight.size;
  }

  private track(work: Promise<void>): void {
    const p = work.catch((err) =>
      this.options.logger.error({ err }, 'unexpected failure while handling an event'),
    );
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const log = this.options.logger;
    if (interaction.isAutocomplete()) {
      const choices = this.autocomplete(interaction);
      await interaction.respond(choices).then(
        () =>
          log.info(
            { ...base(interaction, started), kind: 'autocomplete', choices: choices.length },
            'autocomplete',
          ),
        (err) => log.warn({ ...base(interaction, started), err }, 'autocomplete response failed'),
      );
      return;
    }
    let reply: Reply | undefined;
    let kind = 'unknown';
    if (interaction.isChatInputCommand()) {
      kind = `/${interaction.commandName}`;
      const wait = this.limiter.take(interaction.user.id);
      reply = wait
        ? this.responder.rateLimited(interaction.locale, Math.ceil(wait / 1000))
        : this.responder.command(interaction.commandName, argsOf(interaction), interaction.locale);
    } else if (interaction.isButton() || interaction.isStringSelectMenu()) {
      kind = interaction.isButton() ? 'button' : 'select';
      reply = this.responder.component(
        interaction.customId,
        interaction.isStringSelectMenu() ? interaction.values : [],
        interaction.locale,
        isEphemeral(interaction),
      );
    }
    if (!reply || !interaction.isRepliable()) return;
    if (reply.error)
      log.error({ err: reply.error, interaction: interaction.id }, 'answer failed; sent an apology');
    const line = {
      ...base(interaction, started),
      kind,
      status: reply.answer.status,
      ids: reply.answer.ids,
    };
    try {
      const { embeds, components, flags } = reply.response.data;
      const message = { embeds, components, allowedMentions: { parse: [] as [] } };
      if (reply.response.type === InteractionResponseType.UpdateMessage && interaction.isMessageComponent()) {
        await interaction.update(message);
      } else if (interaction.isStringSelectMenu() && !isEphemeral(interaction)) {
        // A public menu keeps showing the pick, and ignores the same pick a second time:
        // re-sending the message unchanged resets it; the answer then goes to the picker alone.
        await interaction.update({ components: interaction.message.components });
        await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
      } else {
        await interaction.reply(flags ? { ...message, flags: MessageFlags.Ephemeral } : message);
      }
      log.info({ ...line, ms: elapsed(started) }, 'interaction');
    } catch (err) {
      log.warn({ ...line, ms: elapsed(started), err }, 'could not deliver the reply');
    }
  }

  private autocomplete(interaction: AutocompleteInteraction) {
    const focused = interaction.options.getFocused(true);
    return focused.name === 'query'
      ? this.responder.autocomplete(String(focused.value), interaction.locale)
      : [];
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
    const wait = this.limiter.take(message.author.id);
    const log = this.options.logger;
    const line = { message: message.id, channel: message.channelId, kind: isDm ? 'dm' : 'mention' };
    if (wait) {
      log.info({ ...line, status: 'rate-limited' }, 'message ignored: rate limited');
      return;
    }
    const { answer, message: payload, error } = this.responder.message(text);
    if (error) log.error({ err: error, message: message.id }, 'answer failed; sent an apology');
    try {
      const { embeds, components } = payload;
      // If the question was deleted meanwhile, answer in the channel rather than not at all.
      await message.reply({
        embeds,
        components,
        allowedMentions: { parse: [], repliedUser: false },
        failIfNotExists: false,
      });
      log.info({ ...line, status: answer.status, ids: answer.ids, ms: elapsed(started) }, 'message answered');
    } catch (err) {
      log.warn({ ...line, err }, 'could not deliver the reply');
    }
  }
}

function base(interaction: Interaction, started: number) {
  return { interaction: interaction.id, locale: interaction.locale, ms: elapsed(started) };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

function isEphemeral(interaction: MessageComponentInteraction): boolean {
  return interaction.message.flags.has(MessageFlags.Ephemeral);
}

/** Flattens the interaction's options into the same shape the console parser produces. */
function argsOf(interaction: ChatInputCommandInteraction): CommandArgs {
  const args: Record<string, string | boolean> = {};
  const visit = (options: readonly CommandInteractionOption[]) => {
    for (const o of options) {
      if (typeof o.value === 'string' || typeof o.value === 'boolean') args[o.name] = o.value;
      else if (typeof o.value === 'number') args[o.name] = String(o.value);
      if (o.options) visit(o.options);
    }
  };
  visit(interaction.options.data);
  return args;
}

/**
 * A fake Discord (REST + gateway on ONE 127.0.0.1 port) for end-to-end tests that run the real
 * discord.js client. Nothing here ever talks to another host.
 *
 * Usage:
 *   const fake = await startFakeDiscord({ heartbeatIntervalMs: 500 });
 *   const client = new Client({ intents, partials: [Partials.Channel], rest: { api: fake.restBase } });
 *   await client.login('test-token');
 *   const i = fake.sendInteraction(chatInputInteraction({ name: 'ping' }));
 *   const body = await fake.waitForCallback(i.id);
 *
 * Facts about discord.js 14.28 / @discordjs/rest 2.6 / @discordjs/ws 1.2 this fake is built on
 * (all verified in node_modules, see the test file for executable proof):
 * - REST URL = `${rest.api}/v${version}${route}${query}` (rest/dist/index.js `resolveRequest`), so with
 *   `rest: { api: 'http://127.0.0.1:PORT/api' }` every request arrives at `/api/v10/...`.
 * - The gateway URL comes from `GET /gateway/bot` (`url`), the shard then connects to
 *   `${url}?v=10&encoding=json` (no zlib-stream: `zlib-sync` is not installed). After READY it reconnects to
 *   `resume_gateway_url` instead.
 * - `session_start_limit.max_concurrency` feeds the identify throttler: a SECOND identify within 5 s of the
 *   previous one is delayed by 5-6.5 s (SimpleIdentifyThrottler). Resumes are not throttled.
 * - Every interaction callback is sent with `?with_response=false|true` (InteractionResponses.js). With
 *   `false` Discord answers 204 No Content; with `true` it answers 200 with
 *   `{ interaction: {...}, resource: { type, message? } }` (used by `InteractionCallbackResponse`).
 *   `AutocompleteInteraction#respond` sends no query at all.
 * - Interaction callbacks are routed to the BurstHandler: a 429 is retried after `Retry-After` seconds
 *   (+50 ms offset) forever (not counted as a retry); a 5xx is retried `rest.retries` times (default 3, i.e.
 *   4 attempts) and then rejects with `HTTPError` (NOT `DiscordAPIError`: 5xx bodies are never parsed).
 *   A 4xx rejects at once with `DiscordAPIError` whose `.code` is the body's `code`.
 * - `BaseInteraction` reads `data.entitlements.reduce(...)` and `data.authorizing_integration_owners[...]`
 *   unconditionally: an interaction without them throws a TypeError inside the (async) gateway handler, so it
 *   is never emitted and surfaces only as an unhandled promise rejection (vitest reports it; plain Node 20
 *   would crash). `attachment_size_limit` is required by the API types as well.
 * - MESSAGE_CREATE: `MessageCreateAction` emits only if it can resolve a channel. For a DM with
 *   `Partials.Channel` (and the DirectMessages intent) the channel is created from the payload only if
 *   the payload carries `channel_type: 1` (ChannelType.DM) -- `Action#getChannel` adds the author as
 *   recipient only for `type === DM`; without `channel_type` (and no cached DM channel) the message is
 *   silently dropped. For a GUILD message the guild must be cached (GUILD_CREATE), otherwise
 *   `createChannel` returns nothing and the message is dropped even with `Partials.Channel`. That is why
 *   the fake sends GUILD_CREATE (with a text channel) for every configured guild after READY and why
 *   `messageCreate()` sets `channel_type`.
 * - The ready event is `clientReady` (Events.ClientReady); `ready` is deprecated in 14.28.
 */

import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIApplicationCommand,
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteractionDataOption,
  APIAttachment,
  APIChatInputApplicationCommandInteraction,
  APIEmbed,
  APIGuildMember,
  APIInteraction,
  APIInteractionGuildMember,
  APIInteractionResponse,
  APIMessage,
  APIMessageComponentButtonInteraction,
  APIMessageComponentSelectMenuInteraction,
  APIMessageTopLevelComponent,
  APIOverwrite,
  APIRole,
  APITextChannel,
  APIThreadChannel,
  APIUser,
  ApplicationFlags,
  GatewayDispatchPayload,
  GatewayGuildCreateDispatchData,
  GatewayIdentifyData,
  GatewayMessageCreateDispatchData,
  GatewayReadyDispatchData,
  GatewayResumeData,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  MessageFlags,
  RESTGetAPIGatewayBotResult,
  RESTPostAPIInteractionCallbackWithResponseResult,
  RoleFlags,
  UserFlags,
} from 'discord-api-types/v10';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  Locale,
  MessageType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import type { RawData, WebSocket } from 'ws';
import { WebSocketServer } from 'ws';

// ---------------------------------------------------------------------------------------------------------
// Ids and default fixtures
// ---------------------------------------------------------------------------------------------------------

const DISCORD_EPOCH = 1420070400000n;
let snowflakeIncrement = 0n;
let lastSnowflakeMs = 0n;

/** A real-looking (19 digit, time-ordered) unique snowflake. @discordjs/rest's bucket regex wants 17-19 digits. */
/**
 * An application's Ed25519 key pair, made by the test: the private half signs what postInteraction
 * sends; the public half is 64 hex digits, as the developer portal shows it (DISCORD_PUBLIC_KEY).
 */
export function applicationKeyPair(): { privateKey: KeyObject; publicHex: string } {
  const pair = generateKeyPairSync('ed25519');
  const der = pair.publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey: pair.privateKey, publicHex: der.subarray(-32).toString('hex') };
}

export function snowflake(): string {
  let ms = BigInt(Date.now()) - DISCORD_EPOCH;
  if (ms <= lastSnowflakeMs) ms = lastSnowflakeMs;
  if (ms === lastSnowflakeMs) {
    snowflakeIncrement += 1n;
    if (snowflakeIncrement > 0xfffn) {
      ms += 1n;
      snowflakeIncrement = 0n;
    }
  } else {
    snowflakeIncrement = 0n;
  }
  lastSnowflakeMs = ms;
  return ((ms << 22n) | (1n << 17n) | snowflakeIncrement).toString();
}

export const DEFAULT_APPLICATION_ID = '1200000000000000001';
export const DEFAULT_USER_ID = '1200000000000000002';
export const DEFAULT_GUILD_ID = '1200000000000000003';
export const DEFAULT_CHANNEL_ID = '1200000000000000004';
export const DEFAULT_DM_CHANNEL_ID = '1200000000000000005';
export const DEFAULT_GUILD_OWNER_ID = '1200000000000000006';
export const DEFAULT_BOT_ROLE_ID = '1200000000000000007';

/** The bot's user (id == application id, as for real bots). */
export const DEFAULT_BOT_USER: APIUser = {
  id: DEFAULT_APPLICATION_ID,
  username: 'fake-bot',
  discriminator: '0',
  global_name: null,
  avatar: null,
  bot: true,
  verified: true,
  mfa_enabled: false,
  flags: 0 as UserFlags,
  public_flags: 0 as UserFlags,
};

/** The human who sends interactions and messages unless told otherwise. */
export const DEFAULT_USER: APIUser = {
  id: DEFAULT_USER_ID,
  username: 'tester',
  discriminator: '0',
  global_name: 'Tester',
  avatar: null,
  public_flags: 0 as UserFlags,
};

const perms = (...bits: bigint[]): string => bits.reduce((a, b) => a | b, 0n).toString();

/** Permissions the bot has in the channel unless an interaction says otherwise. */
export const DEFAULT_APP_PERMISSIONS = perms(
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.AddReactions,
  PermissionFlagsBits.UseExternalEmojis,
  PermissionFlagsBits.UseApplicationCommands,
);
/** Permissions of the invoking member (guild interactions). */
export const DEFAULT_MEMBER_PERMISSIONS = DEFAULT_APP_PERMISSIONS;

export interface FakeGuildConfig {
  id: string;
  name?: string;
  preferredLocale?: Locale;
  /** Text channels of the guild; default one channel `DEFAULT_CHANNEL_ID` named "general" for the default guild. */
  channels?: {
    id: string;
    name?: string;
    /** Channel permission overwrites (e.g. deny Send Messages to @everyone, whose role id is the guild id). */
    permissionOverwrites?: APIOverwrite[];
  }[];
  /** Active public threads, sent in GUILD_CREATE's `threads` (their permissions are the parent's). */
  threads?: { id: string; parentId: string; name?: string }[];
  /** Permissions of @everyone. Default `DEFAULT_APP_PERMISSIONS`. */
  everyonePermissions?: string;
  /** Permissions of the bot's managed role. Default `DEFAULT_APP_PERMISSIONS`. */
  botRolePermissions?: string;
  /** Send `{ id, unavailable: true }` in READY but never a GUILD_CREATE (discord.js then waits `waitGuildTimeout`). */
  unavailable?: boolean;
}

export const DEFAULT_GUILD: FakeGuildConfig = {
  id: DEFAULT_GUILD_ID,
  name: 'Fake Guild',
  preferredLocale: Locale.EnglishUS,
  channels: [{ id: DEFAULT_CHANNEL_ID, name: 'general' }],
};

// ---------------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------------

export interface FakeDiscordOptions {
  /** HELLO heartbeat_interval in ms. Default 41250 (Discord's). Use e.g. 500 for zombie-connection tests. */
  heartbeatIntervalMs?: number;
  applicationId?: string;
  /** Bot user returned by READY and GET /users/@me. Its id defaults to the application id. */
  botUser?: APIUser;
  /** Guilds listed in READY (as unavailable) and then sent as GUILD_CREATE. Default `[DEFAULT_GUILD]`. */
  guilds?: FakeGuildConfig[];
  /** If set, REST calls that need auth must carry `Authorization: Bot <token>` (else 401) and IDENTIFY/RESUME
   * with another token is closed with 4004. Default: any token is accepted. */
  token?: string;
  /** Like Discord's 3 s rule: a callback arriving more than this many ms after `sendInteraction` gets
   * 404 Unknown interaction (10062). Default: no deadline. */
  interactionDeadlineMs?: number;
  /** Application flags reported in READY. Default 0. */
  applicationFlags?: number;
  /** Debug log sink (e.g. `console.log`). Default: silent. */
  log?: (line: string) => void;
  /** Shards GET /gateway/bot recommends (and its max_concurrency, so they identify at once). Default 1.
   * Interactions and messages are then dispatched only to the shard of their guild
   * (`(guild_id >> 22) % shard_count`; DMs to shard 0), as Discord routes them. */
  shards?: number;
}

export interface PostedInteraction {
  status: number;
  headers: Record<string, string>;
  /** The response body, parsed as JSON when it is JSON. */
  body: unknown;
}

export interface PostInteractionOptions {
  /** Signs timestamp + body with this Ed25519 key (the application's key pair, made by the test). */
  privateKey?: KeyObject;
  /** Unix seconds put in X-Signature-Timestamp. Default now. */
  timestamp?: number;
  /** Changes the body after signing it. */
  tamper?: (body: string) => string;
  /** Send no signature headers at all. */
  unsigned?: boolean;
}

export interface RecordedFile {
  field: string;
  filename: string;
  size: number;
  contentType: string;
}

export interface RecordedRequest {
  method: string;
  /** Decoded path after `/api/v10`, without the query, e.g. `/interactions/123/abc/callback` or
   * `/webhooks/APP/TOKEN/messages/@original`. */
  path: string;
  /** The raw URL as received, e.g. `/api/v10/interactions/123/abc/callback?with_response=false`. */
  url: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; for multipart requests the parsed `payload_json`; `undefined` when there is no body. */
  body: unknown;
  files: RecordedFile[];
  /** Status the fake answered with. */
  status: number;
  at: number;
}

export type FakeFault =
  | { status: 500 | 502 | 503 | 504 }
  | { status: 429; retryAfter: number; global?: boolean }
  | { status: 400 | 401 | 403 | 404; code: number; message?: string };

export type GatewayEventName = 'connect' | 'identify' | 'resume' | 'ready' | 'heartbeat' | 'disconnect';

export interface InteractionRecord {
  interaction: APIInteraction | undefined;
  id: string;
  token: string;
  sentAt: number;
  /** Body of the accepted (2xx) callback, if any. */
  callback: APIInteractionResponse | undefined;
  /** The message the callback created / deferred / updated (what `@original` refers to). */
  original: APIMessage | undefined;
  followUps: APIMessage[];
}

export interface FakeDiscord {
  /** Pass as `rest: { api: fake.restBase }`, e.g. `http://127.0.0.1:PORT/api`. */
  readonly restBase: string;
  /** `ws://127.0.0.1:PORT` (returned by GET /gateway/bot and as resume_gateway_url). */
  readonly gatewayUrl: string;
  readonly port: number;
  readonly applicationId: string;
  readonly botUser: APIUser;
  /** Every HTTP request received, in order. */
  readonly requests: RecordedRequest[];
  /** Every IDENTIFY payload received. */
  readonly identifies: GatewayIdentifyData[];
  /** Commands stored by bulk overwrite: key `global` or the guild id. */
  readonly commands: Map<string, APIApplicationCommand[]>;
  readonly interactions: Map<string, InteractionRecord>;
  readonly identifyCount: number;
  readonly resumeCount: number;
  readonly heartbeatCount: number;
  /** Number of live gateway sockets that completed IDENTIFY or RESUME. */
  readonly readyConnectionCount: number;

  /** Dispatch INTERACTION_CREATE; returns the interaction (for its id/token). */
  sendInteraction<T extends APIInteraction>(interaction: T): T;
  /** Dispatch MESSAGE_CREATE; returns the message. */
  sendMessage(message: GatewayMessageCreateDispatchData): GatewayMessageCreateDispatchData;
  /** Like Discord with an Interactions Endpoint URL: POSTs the interaction to `url`, signed as Discord signs it
   * (Ed25519 over X-Signature-Timestamp + body). A 200 JSON response is recorded as the interaction's callback,
   * so follow-ups through the webhook work and `waitForCallback` resolves. */
  postInteraction(
    url: string,
    interaction: APIInteraction,
    options?: PostInteractionOptions,
  ): Promise<PostedInteraction>;
  /** The shard [id, count] of every IDENTIFY received, in order. */
  readonly identifiedShards: [number, number][];
  /** Send a dispatch (op 0) to every ready session. If none is ready, it is queued and delivered (in order)
   * as soon as a session becomes ready (like Discord's resume replay). Returns the number of sessions it
   * was sent to now. */
  dispatch<E extends GatewayDispatchPayload['t']>(
    t: E,
    d: Extract<GatewayDispatchPayload, { t: E }>['d'],
  ): number;
  /** Untyped escape hatch for `dispatch`. */
  dispatchRaw(t: string, d: unknown): number;

  /** Resolves with the first accepted (2xx) callback body for this interaction (past or future). */
  waitForCallback(interactionId: string, timeoutMs?: number): Promise<APIInteractionResponse>;
  /** Resolves with the first recorded request matching `predicate` (by default including requests that
   * already arrived; pass `{ includePast: false }` to only consider future ones). */
  waitForRequest(
    predicate: (req: RecordedRequest) => boolean,
    timeoutMs?: number,
    options?: { includePast?: boolean },
  ): Promise<RecordedRequest>;
  /** Resolves on the NEXT occurrence of a gateway event. */
  waitForGateway(event: GatewayEventName, timeoutMs?: number): Promise<void>;
  /** Resolves once at least one session is ready (immediately if one already is). */
  waitForReadySession(timeoutMs?: number): Promise<void>;

  /** The next `n` HTTP attempts at interaction callbacks fail with `fault`. Each retry by @discordjs/rest is an
   * attempt: a 5xx is retried 3 times by default, so use n >= 4 (or `rest: { retries: 0 }`) to make
   * `reply()` reject. */
  failNextCallbacks(n: number, fault: FakeFault): void;
  /** Generic version: the next `n` requests matching `match` fail with `fault`. */
  failNextRequests(
    match: (req: { method: string; path: string }) => boolean,
    n: number,
    fault: FakeFault,
  ): void;

  /** Close every gateway socket: 1006 => abrupt `terminate()` (no close frame), otherwise a close frame with
   * `code` (default 4000 Unknown error => discord.js resumes). Resolves when the sockets are gone. */
  closeConnections(code?: number, reason?: string): Promise<void>;
  /** Stop (false) or resume (true) answering heartbeats with HEARTBEAT_ACK. */
  setHeartbeatAck(enabled: boolean): void;
  /** Send op 7 RECONNECT (client resumes). */
  sendReconnect(): void;
  /** Send op 9 INVALID_SESSION with `d = resumable`; if not resumable the sessions are forgotten, so the client
   * must IDENTIFY again (throttled: ~5 s if within 5 s of the previous identify). */
  invalidateSessions(resumable?: boolean): void;
  /** Forget requests and interaction records (not sessions, not commands). */
  clearRecords(): void;
  /** Terminate all sockets and stop the server. Idempotent. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// Payload builders (typed with discord-api-types so shape mistakes fail to compile)
// ---------------------------------------------------------------------------------------------------------

export interface InteractionBuilderOptions {
  id?: string;
  token?: string;
  applicationId?: string;
  /** Invoking user. Default `DEFAULT_USER`. */
  user?: APIUser;
  /** User locale. Default en-US. */
  locale?: Locale;
  /** DM with the bot (context BotDM) instead of a guild. */
  dm?: boolean;
  /** Guild id (guild context). Default `DEFAULT_GUILD_ID`. */
  guildId?: string;
  guildLocale?: Locale;
  /** Default `DEFAULT_CHANNEL_ID` (guild) or `DEFAULT_DM_CHANNEL_ID` (DM). */
  channelId?: string;
  appPermissions?: string;
  memberPermissions?: string;
  memberRoles?: string[];
  memberNick?: string | null;
}

type InteractionEnvelope = Omit<APIChatInputApplicationCommandInteraction, 'type' | 'data'>;

function randomToken(): string {
  return `fake-${randomBytes(24).toString('base64url')}`;
}

function interactionEnvelope(o: InteractionBuilderOptions): InteractionEnvelope {
  const user = o.user ?? DEFAULT_USER;
  const base = {
    id: o.id ?? snowflake(),
    application_id: o.applicationId ?? DEFAULT_APPLICATION_ID,
    token: o.token ?? randomToken(),
    version: 1 as const,
    app_permissions: o.appPermissions ?? DEFAULT_APP_PERMISSIONS,
    locale: o.locale ?? Locale.EnglishUS,
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (o.dm) {
    const channelId = o.channelId ?? DEFAULT_DM_CHANNEL_ID;
    return {
      ...base,
      user,
      channel_id: channelId,
      channel: { id: channelId, type: ChannelType.DM, recipients: [user], last_message_id: null },
      context: InteractionContextType.BotDM,
      // Guild-installed app used in the bot's DM: Discord reports guild install with owner "0".
      authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: '0' },
    };
  }
  const guildId = o.guildId ?? DEFAULT_GUILD_ID;
  const channelId = o.channelId ?? DEFAULT_CHANNEL_ID;
  const member: APIInteractionGuildMember = {
    user,
    nick: o.memberNick ?? null,
    avatar: null,
    roles: o.memberRoles ?? [],
    joined_at: '2024-01-01T00:00:00.000000+00:00',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
    permissions: o.memberPermissions ?? DEFAULT_MEMBER_PERMISSIONS,
  };
  return {
    ...base,
    guild_id: guildId,
    guild: { id: guildId, locale: o.guildLocale ?? Locale.EnglishUS, features: [] },
    guild_locale: o.guildLocale ?? Locale.EnglishUS,
    member,
    channel_id: channelId,
    channel: {
      id: channelId,
      type: ChannelType.GuildText,
      name: 'general',
      guild_id: guildId,
      position: 0,
      nsfw: false,
      parent_id: null,
      topic: null,
      permission_overwrites: [],
      rate_limit_per_user: 0,
      last_message_id: null,
    },
    context: InteractionContextType.Guild,
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guildId },
  };
}

export interface ChatInputOptions extends InteractionBuilderOptions {
  name: string;
  commandId?: string;
  options?: APIApplicationCommandInteractionDataOption<InteractionType.ApplicationCommand>[];
}

export function chatInputInteraction(o: ChatInputOptions): APIChatInputApplicationCommandInteraction {
  const env = interactionEnvelope(o);
  return {
    ...env,
    type: InteractionType.ApplicationCommand,
    data: {
      id: o.commandId ?? snowflake(),
      type: ApplicationCommandType.ChatInput,
      name: o.name,
      ...(o.options ? { options: o.options } : {}),
      ...(o.dm ? {} : { guild_id: env.guild_id }),
    },
  };
}

export interface AutocompleteOptions extends InteractionBuilderOptions {
  name: string;
  commandId?: string;
  /** Exactly one (possibly nested) option should have `focused: true`. */
  options: APIApplicationCommandInteractionDataOption<InteractionType.ApplicationCommandAutocomplete>[];
}

export function autocompleteInteraction(
  o: AutocompleteOptions,
): APIApplicationCommandAutocompleteInteraction {
  const env = interactionEnvelope(o);
  return {
    ...env,
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: o.commandId ?? snowflake(),
      type: ApplicationCommandType.ChatInput,
      name: o.name,
      options: o.options,
    },
  };
}

export interface ComponentInteractionOptions extends InteractionBuilderOptions {
  /** The message the component is attached to. Default: a bot message in the channel carrying the component. */
  message?: APIMessage;
}

function componentHostMessage(
  env: InteractionEnvelope,
  components: APIMessageTopLevelComponent[],
): APIMessage {
  return {
    id: snowflake(),
    channel_id: env.channel_id ?? DEFAULT_CHANNEL_ID,
    author: DEFAULT_BOT_USER,
    content: 'component host',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: MessageType.Default,
    application_id: env.application_id,
    flags: 0 as MessageFlags,
    components,
  };
}

export function buttonInteraction(
  customId: string,
  o: ComponentInteractionOptions = {},
): APIMessageComponentButtonInteraction {
  const env = interactionEnvelope(o);
  const message =
    o.message ??
    componentHostMessage(env, [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: customId, label: 'Go' },
        ],
      },
    ]);
  return {
    ...env,
    channel_id: env.channel_id ?? message.channel_id,
    type: InteractionType.MessageComponent,
    message,
    data: { custom_id: customId, component_type: ComponentType.Button },
  };
}

export function selectInteraction(
  customId: string,
  values: string[],
  o: ComponentInteractionOptions = {},
): APIMessageComponentSelectMenuInteraction {
  const env = interactionEnvelope(o);
  const message =
    o.message ??
    componentHostMessage(env, [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.StringSelect,
            custom_id: customId,
            options: values.map((v) => ({ label: v, value: v })),
          },
        ],
      },
    ]);
  return {
    ...env,
    channel_id: env.channel_id ?? message.channel_id,
    type: InteractionType.MessageComponent,
    message,
    data: { custom_id: customId, component_type: ComponentType.StringSelect, values },
  };
}

/** Option helpers for chat input / autocomplete payloads. */
export const opt = {
  string: (name: string, value: string, focused?: boolean) => ({
    type: ApplicationCommandOptionType.String as const,
    name,
    value,
    ...(focused === undefined ? {} : { focused }),
  }),
  integer: (name: string, value: number) => ({
    type: ApplicationCommandOptionType.Integer as const,
    name,
    value,
  }),
  number: (name: string, value: number) => ({
    type: ApplicationCommandOptionType.Number as const,
    name,
    value,
  }),
  boolean: (name: string, value: boolean) => ({
    type: ApplicationCommandOptionType.Boolean as const,
    name,
    value,
  }),
  subcommand: <T extends APIApplicationCommandInteractionDataOption[]>(name: string, options: T) => ({
    type: ApplicationCommandOptionType.Subcommand as const,
    name,
    options,
  }),
};

export interface MessageCreateOptions {
  content: string;
  /** Adds the bot to `mentions` and, unless `content` already mentions it, prefixes `<@botId> `. */
  mentionsBot?: boolean;
  /** DM to the bot: no guild_id/member, `channel_type: 1` (required by discord.js to build the DM channel). */
  dm?: boolean;
  id?: string;
  author?: APIUser;
  guildId?: string;
  channelId?: string;
  botUser?: APIUser;
  /** Reply to a message (sets message_reference and type Reply). */
  replyTo?: APIMessage;
  mentions?: APIUser[];
  attachments?: APIAttachment[];
  embeds?: APIEmbed[];
}

export function messageCreate(o: MessageCreateOptions): GatewayMessageCreateDispatchData {
  const author = o.author ?? DEFAULT_USER;
  const bot = o.botUser ?? DEFAULT_BOT_USER;
  let content = o.content;
  const mentions: APIUser[] = [...(o.mentions ?? [])];
  if (o.mentionsBot) {
    if (!content.includes(`<@${bot.id}>`) && !content.includes(`<@!${bot.id}>`))
      content = `<@${bot.id}> ${content}`;
    if (!mentions.some((m) => m.id === bot.id)) mentions.push(bot);
  }
  const channelId = o.channelId ?? (o.dm ? DEFAULT_DM_CHANNEL_ID : DEFAULT_CHANNEL_ID);
  const common = {
    id: o.id ?? snowflake(),
    channel_id: channelId,
    author,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mention_roles: [],
    attachments: o.attachments ?? [],
    embeds: o.embeds ?? [],
    pinned: false,
    flags: 0 as MessageFlags,
    components: [],
    ...(o.replyTo
      ? {
          type: MessageType.Reply,
          message_reference: { message_id: o.replyTo.id, channel_id: o.replyTo.channel_id },
          referenced_message: o.replyTo,
        }
      : { type: MessageType.Default }),
  };
  if (o.dm) {
    return { ...common, mentions, channel_type: ChannelType.DM };
  }
  return {
    ...common,
    guild_id: o.guildId ?? DEFAULT_GUILD_ID,
    channel_type: ChannelType.GuildText,
    member: {
      roles: [],
      joined_at: '2024-01-01T00:00:00.000000+00:00',
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      nick: null,
      avatar: null,
      premium_since: null,
      pending: false,
      communication_disabled_until: null,
    },
    mentions,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Implementation
// ---------------------------------------------------------------------------------------------------------

interface Session {
  id: string;
  seq: number;
  token: string;
  shard: [number, number];
  conn: Connection | undefined;
}

interface Connection {
  n: number;
  ws: WebSocket;
  session: Session | undefined;
  ready: boolean;
}

interface FaultRule {
  match: (req: { method: string; path: string }) => boolean;
  remaining: number;
  fault: FakeFault;
}

interface Waiter<T> {
  test: () => T | undefined;
  resolve: (v: T) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

class HttpResult {
  constructor(
    readonly status: number,
    readonly body?: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

const json = (status: number, body: unknown, headers?: Record<string, string>) =>
  new HttpResult(status, body, headers);
const noContent = () => new HttpResult(204);
const apiError = (status: number, code: number, message: string, errors?: unknown) =>
  json(status, errors === undefined ? { message, code } : { message, code, errors });

const CALLBACK_RE = /^\/interactions\/(\d+)\/([^/]+)\/callback$/;
const WEBHOOK_RE = /^\/webhooks\/(\d+)\/([^/]+)$/;
const WEBHOOK_MSG_RE = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/;
const CHANNEL_MSGS_RE = /^\/channels\/(\d+)\/messages$/;
const CHANNEL_MSG_RE = /^\/channels\/(\d+)\/messages\/(\d+)$/;
const CHANNEL_TYPING_RE = /^\/channels\/(\d+)\/typing$/;
const CHANNEL_RE = /^\/channels\/(\d+)$/;
const GLOBAL_CMDS_RE = /^\/applications\/(\d+)\/commands$/;
const GUILD_CMDS_RE = /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/;

/** Which callback types Discord accepts per interaction type. */
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  [InteractionType.ApplicationCommand]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
    InteractionResponseType.PremiumRequired,
    InteractionResponseType.LaunchActivity,
  ],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
    InteractionResponseType.PremiumRequired,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [
    InteractionResponseType.ApplicationCommandAutocompleteResult,
  ],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<{ body: unknown; files: RecordedFile[]; invalid: boolean }> {
  if (raw.length === 0) return { body: undefined, files: [], invalid: false };
  const ct = contentType ?? '';
  if (ct.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': ct } }).formData();
    const files: RecordedFile[] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({ field, filename: value.name, size: value.size, contentType: value.type });
      }
    }
    return { body, files, invalid: false };
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), files: [], invalid: false };
  } catch {
    return { body: text, files: [], invalid: ct.startsWith('application/json') };
  }
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41250;
  const applicationId = options.applicationId ?? DEFAULT_APPLICATION_ID;
  const botUser: APIUser = options.botUser ?? { ...DEFAULT_BOT_USER, id: applicationId };
  const guilds = options.guilds ?? [DEFAULT_GUILD];
  const log = options.log ?? (() => {});

  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const requests: RecordedRequest[] = [];
  const identifies: GatewayIdentifyData[] = [];
  const commands = new Map<string, APIApplicationCommand[]>();
  const interactions = new Map<string, InteractionRecord>();
  const interactionsByToken = new Map<string, InteractionRecord>();
  const channelMessages = new Map<string, APIMessage>();
  const sessions = new Map<string, Session>();
  const connections = new Set<Connection>();
  const pendingDispatches: { t: string; d: unknown; guildId?: string | null }[] = [];
  const shardCount = Math.max(1, options.shards ?? 1);
  const faultRules: FaultRule[] = [];
  const waiters = new Set<Waiter<unknown>>();
  let connectionCounter = 0;
  let identifyCount = 0;
  let resumeCount = 0;
  let heartbeatCount = 0;
  let heartbeatAck = true;
  let closed = false;

  // ---- waiters -------------------------------------------------------------------------------------------

  function addWaiter<T>(test: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (closed) {
        reject(new Error(`fake-discord: closed while waiting for ${what}`));
        return;
      }
      const immediate = test();
      if (immediate !== undefined) {
        resolve(immediate);
        return;
      }
      const waiter: Waiter<T> = {
        test,
        resolve,
        reject,
        timer: setTimeout(() => {
          waiters.delete(waiter as Waiter<unknown>);
          reject(new Error(`fake-discord: timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs),
      };
      waiter.timer.unref();
      waiters.add(waiter as Waiter<unknown>);
    });
  }

  function checkWaiters(): void {
    for (const w of [...waiters]) {
      const v = w.test();
      if (v !== undefined) {
        waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(v);
      }
    }
  }

  // ---- interactions & messages ------------------------------------------------------------------------------

  function recordFor(id: string, token: string): InteractionRecord {
    let rec = interactions.get(id);
    if (!rec) {
      rec = {
        interaction: undefined,
        id,
        token,
        sentAt: Date.now(),
        callback: undefined,
        original: undefined,
        followUps: [],
      };
      interactions.set(id, rec);
      interactionsByToken.set(token, rec);
    }
    return rec;
  }

  function buildMessage(
    channelId: string,
    body: unknown,
    files: RecordedFile[],
    extra: Partial<APIMessage> = {},
  ): APIMessage {
    const b = isRecord(body) ? body : {};
    const attachments: APIAttachment[] = files.map((f, i) => {
      const id = snowflake();
      return {
        id,
        filename: f.filename,
        size: f.size,
        content_type: f.contentType,
        url: `http://127.0.0.1/attachments/${channelId}/${id}/${f.filename}`,
        proxy_url: `http://127.0.0.1/attachments/${channelId}/${id}/${f.filename}?i=${i}`,
      };
    });
    const reference = isRecord(b.message_reference) ? b.message_reference : undefined;
    const msg: APIMessage = {
      id: snowflake(),
      channel_id: channelId,
      author: botUser,
      content: typeof b.content === 'string' ? b.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: b.tts === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments,
      embeds: Array.isArray(b.embeds) ? (b.embeds as APIEmbed[]) : [],
      components: Array.isArray(b.components) ? (b.components as APIMessageTopLevelComponent[]) : [],
      pinned: false,
      type: reference ? MessageType.Reply : MessageType.Default,
      flags: (typeof b.flags === 'number' ? b.flags : 0) as MessageFlags,
      ...(reference && typeof reference.message_id === 'string'
        ? {
            message_reference: { message_id: reference.message_id, channel_id: channelId },
            referenced_message: null,
          }
        : {}),
      ...extra,
    };
    return msg;
  }

  function editMessage(msg: APIMessage, body: unknown, files: RecordedFile[]): APIMessage {
    const b = isRecord(body) ? body : {};
    const next: APIMessage = { ...msg, edited_timestamp: new Date().toISOString() };
    if ('content' in b) next.content = typeof b.content === 'string' ? b.content : '';
    if (Array.isArray(b.embeds)) next.embeds = b.embeds as APIEmbed[];
    if (Array.isArray(b.components)) next.components = b.components as APIMessageTopLevelComponent[];
    if (typeof b.flags === 'number') next.flags = b.flags as MessageFlags;
    if (files.length) next.attachments = buildMessage(msg.channel_id, {}, files).attachments;
    return next;
  }

  function channelIdOf(rec: InteractionRecord): string {
    return rec.interaction?.channel?.id ?? rec.interaction?.channel_id ?? DEFAULT_CHANNEL_ID;
  }

  function handleCallback(
    id: string,
    token: string,
    query: Record<string, string>,
    body: unknown,
    files: RecordedFile[],
  ): HttpResult {
    const rec = interactions.get(id) ?? recordFor(id, token);
    if (rec.token !== token) return apiError(401, 50027, 'Invalid Webhook Token');
    if (
      options.interactionDeadlineMs !== undefined &&
      Date.now() - rec.sentAt > options.interactionDeadlineMs
    ) {
      return apiError(404, 10062, 'Unknown interaction');
    }
    if (rec.callback) return apiError(400, 40060, 'Interaction has already been acknowledged.');
    if (!isRecord(body) || typeof body.type !== 'number') {
      return apiError(400, 50035, 'Invalid Form Body', {
        type: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] },
      });
    }
    const response = body as unknown as APIInteractionResponse;
    if (rec.interaction) {
      const allowed = ALLOWED_CALLBACKS[rec.interaction.type];
      if (allowed && !allowed.includes(response.type)) {
        return apiError(400, 50035, 'Invalid Form Body', {
          type: {
            _errors: [
              { code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'Interaction response type is invalid' },
            ],
          },
        });
      }
    }
    rec.callback = response;
    const data = isRecord(body.data) ? body.data : {};
    const channelId = channelIdOf(rec);
    const extra: Partial<APIMessage> = { webhook_id: applicationId, application_id: applicationId };
    switch (response.type) {
      case InteractionResponseType.ChannelMessageWithSource:
        rec.original = buildMessage(channelId, data, files, extra);
        break;
      case InteractionResponseType.DeferredChannelMessageWithSource:
        rec.original = buildMessage(channelId, { flags: ((data.flags as number) ?? 0) | 128 }, [], extra); // Loading
        break;
      case InteractionResponseType.UpdateMessage:
      case InteractionResponseType.DeferredMessageUpdate: {
        const host = rec.interaction?.message ?? buildMessage(channelId, {}, [], extra);
        rec.original =
          response.type === InteractionResponseType.UpdateMessage ? editMessage(host, data, files) : host;
        break;
      }
      default:
        break;
    }
    if (query.with_response !== 'true') return noContent();
    const result: RESTPostAPIInteractionCallbackWithResponseResult = {
      interaction: {
        id,
        type: rec.interaction?.type ?? InteractionType.ApplicationCommand,
        ...(rec.original
          ? {
              response_message_id: rec.original.id,
              response_message_loading:
                response.type === InteractionResponseType.DeferredChannelMessageWithSource,
              response_message_ephemeral: ((rec.original.flags ?? 0) & 64) === 64,
            }
          : {}),
      },
      resource: { type: response.type, ...(rec.original ? { message: rec.original } : {}) },
    };
    return json(200, result);
  }

  function handleWebhook(
    method: string,
    path: string,
    body: unknown,
    files: RecordedFile[],
  ): HttpResult | undefined {
    const msgMatch = WEBHOOK_MSG_RE.exec(path);
    const hookMatch = msgMatch ? undefined : WEBHOOK_RE.exec(path);
    const m = msgMatch ?? hookMatch;
    if (!m) return undefined;
    const [, appId, token] = m;
    const rec = token === undefined ? undefined : interactionsByToken.get(token);
    if (appId !== applicationId || !rec || !rec.callback) return apiError(404, 10015, 'Unknown Webhook');
    const channelId = channelIdOf(rec);
    const extra: Partial<APIMessage> = { webhook_id: applicationId, application_id: applicationId };
    if (hookMatch) {
      if (method !== 'POST') return apiError(405, 0, '405: Method Not Allowed');
      const msg = buildMessage(channelId, body, files, extra);
      rec.followUps.push(msg);
      return json(200, msg);
    }
    const messageId = msgMatch?.[3];
    const isOriginal = messageId === '@original' || messageId === rec.original?.id;
    const followUpIndex = rec.followUps.findIndex((f) => f.id === messageId);
    const current = isOriginal ? rec.original : rec.followUps[followUpIndex];
    if (method === 'DELETE') {
      if (!current) return apiError(404, 10008, 'Unknown Message');
      if (isOriginal) rec.original = undefined;
      else rec.followUps.splice(followUpIndex, 1);
      return noContent();
    }
    if (method === 'GET') return current ? json(200, current) : apiError(404, 10008, 'Unknown Message');
    if (method === 'PATCH') {
      let base = current;
      if (!base) {
        if (!isOriginal) return apiError(404, 10008, 'Unknown Message');
        base = buildMessage(channelId, {}, [], extra);
      }
      const edited = editMessage(base, body, files);
      // Editing a deferred "thinking" message clears the Loading flag.
      edited.flags = ((edited.flags ?? 0) & ~128) as MessageFlags;
      if (isOriginal) rec.original = edited;
      else rec.followUps[followUpIndex] = edited;
      return json(200, edited);
    }
    return apiError(405, 0, '405: Method Not Allowed');
  }

  function dmChannelJson(user: APIUser) {
    return { id: DEFAULT_DM_CHANNEL_ID, type: ChannelType.DM, recipients: [user], last_message_id: null };
  }

  function route(
    method: string,
    path: string,
    query: Record<string, string>,
    body: unknown,
    files: RecordedFile[],
  ): HttpResult {
    if (method === 'GET' && (path === '/gateway/bot' || path === '/gateway')) {
      const info: RESTGetAPIGatewayBotResult = {
        url: gatewayUrl,
        shards: shardCount,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 86_400_000,
          max_concurrency: shardCount,
        },
      };
      return json(200, path === '/gateway' ? { url: gatewayUrl } : info);
    }
    const cb = CALLBACK_RE.exec(path);
    if (cb) {
      if (method !== 'POST') return apiError(405, 0, '405: Method Not Allowed');
      return handleCallback(cb[1] ?? '', cb[2] ?? '', query, body, files);
    }
    const hook = handleWebhook(method, path, body, files);
    if (hook) return hook;
    if (method === 'GET' && path === '/users/@me') return json(200, botUser);
    if (method === 'GET' && (path === '/applications/@me' || path === '/oauth2/applications/@me')) {
      return json(200, {
        id: applicationId,
        name: botUser.username,
        icon: null,
        description: '',
        summary: '',
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: '0'.repeat(64),
        team: null,
        owner: { ...DEFAULT_USER, id: DEFAULT_GUILD_OWNER_ID, username: 'owner' },
        bot: botUser,
        flags: options.applicationFlags ?? 0,
        flags_new: String(options.applicationFlags ?? 0),
      });
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const recipient =
        isRecord(body) && typeof body.recipient_id === 'string' ? body.recipient_id : DEFAULT_USER_ID;
      return json(200, dmChannelJson({ ...DEFAULT_USER, id: recipient }));
    }
    const chMsgs = CHANNEL_MSGS_RE.exec(path);
    if (chMsgs) {
      if (method !== 'POST') return json(200, []);
      const msg = buildMessage(chMsgs[1] ?? '', body, files);
      channelMessages.set(msg.id, msg);
      return json(200, msg);
    }
    const chMsg = CHANNEL_MSG_RE.exec(path);
    if (chMsg) {
      const existing = channelMessages.get(chMsg[2] ?? '');
      if (!existing) return apiError(404, 10008, 'Unknown Message');
      if (method === 'DELETE') {
        channelMessages.delete(existing.id);
        return noContent();
      }
      if (method === 'PATCH') {
        const edited = editMessage(existing, body, files);
        channelMessages.set(edited.id, edited);
        return json(200, edited);
      }
      return json(200, existing);
    }
    if (method === 'POST' && CHANNEL_TYPING_RE.test(path)) return noContent();
    const ch = method === 'GET' ? CHANNEL_RE.exec(path) : null;
    if (ch) {
      const id = ch[1] ?? '';
      if (id === DEFAULT_DM_CHANNEL_ID) return json(200, dmChannelJson(DEFAULT_USER));
      for (const g of guilds) {
        const ch = guildChannels(g).find((c) => c.id === id);
        if (ch) return json(200, ch);
      }
      return apiError(404, 10003, 'Unknown Channel');
    }
    const cmdGlobal = GLOBAL_CMDS_RE.exec(path);
    const cmdGuild = cmdGlobal ? null : GUILD_CMDS_RE.exec(path);
    if (cmdGlobal || cmdGuild) {
      const appId = (cmdGlobal ?? cmdGuild)?.[1];
      if (appId !== applicationId) return apiError(403, 50001, 'Missing Access');
      const guildId = cmdGuild?.[2];
      const key = guildId ?? 'global';
      if (method === 'GET') return json(200, commands.get(key) ?? []);
      if (method === 'PUT') {
        if (!Array.isArray(body)) return apiError(400, 50035, 'Invalid Form Body');
        const previous = commands.get(key) ?? [];
        const stored: APIApplicationCommand[] = body.map((raw: unknown) => {
          const c = isRecord(raw) ? raw : {};
          const name = typeof c.name === 'string' ? c.name : '';
          const type = typeof c.type === 'number' ? c.type : ApplicationCommandType.ChatInput;
          const prev = previous.find((p) => p.name === name && p.type === type);
          return {
            ...(c as Partial<APIApplicationCommand>),
            id: prev?.id ?? snowflake(),
            application_id: applicationId,
            type: type as ApplicationCommandType,
            name,
            description: typeof c.description === 'string' ? c.description : '',
            default_member_permissions:
              typeof c.default_member_permissions === 'string' ? c.default_member_permissions : null,
            version: snowflake(),
            ...(guildId ? { guild_id: guildId } : {}),
          };
        });
        commands.set(key, stored);
        return json(200, stored);
      }
      return apiError(405, 0, '405: Method Not Allowed');
    }
    return apiError(404, 0, '404: Not Found');
  }

  function faultResult(fault: FakeFault): HttpResult {
    if (fault.status === 429) {
      const resetAt = Date.now() / 1000 + fault.retryAfter;
      return json(
        429,
        {
          message: 'You are being rate limited.',
          retry_after: fault.retryAfter,
          global: fault.global ?? false,
        },
        {
          // Discord sends whole seconds here; the fake sends the exact value so tests can use sub-second waits.
          'retry-after': String(fault.retryAfter),
          'x-ratelimit-limit': '1',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': resetAt.toFixed(3),
          'x-ratelimit-reset-after': fault.retryAfter.toFixed(3),
          'x-ratelimit-bucket': 'fakebucket',
          'x-ratelimit-scope': fault.global ? 'global' : 'user',
          ...(fault.global ? { 'x-ratelimit-global': 'true' } : {}),
        },
      );
    }
    if ('code' in fault) {
      const defaults: Record<number, string> = {
        10062: 'Unknown interaction',
        10015: 'Unknown Webhook',
        10008: 'Unknown Message',
        40060: 'Interaction has already been acknowledged.',
        50001: 'Missing Access',
        50013: 'Missing Permissions',
        0: '401: Unauthorized',
      };
      return apiError(fault.status, fault.code, fault.message ?? defaults[fault.code] ?? 'Error');
    }
    return apiError(fault.status, 0, `${fault.status}: Internal Server Error`);
  }

  async function onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    let parsed: { body: unknown; files: RecordedFile[]; invalid: boolean };
    try {
      parsed = await parseBody(raw, req.headers['content-type']);
    } catch {
      parsed = { body: raw.toString('utf8'), files: [], invalid: true };
    }
    const prefix = '/api/v10';
    // @discordjs/rest percent-encodes route segments: `@original` arrives as `%40original`.
    let pathname = url.pathname;
    try {
      pathname = decodeURIComponent(pathname);
    } catch {
      // keep it encoded
    }
    const path = pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : pathname;
    const query = Object.fromEntries(url.searchParams.entries());

    let result: HttpResult;
    const rule = faultRules.find((r) => r.remaining > 0 && r.match({ method, path }));
    if (!pathname.startsWith(`${prefix}/`)) {
      result = apiError(404, 0, '404: Not Found');
    } else if (parsed.invalid) {
      result = apiError(400, 50109, 'The request body contains invalid JSON.');
    } else if (rule) {
      rule.remaining -= 1;
      result = faultResult(rule.fault);
    } else if (
      options.token !== undefined &&
      !CALLBACK_RE.test(path) &&
      !path.startsWith('/webhooks/') &&
      req.headers.authorization !== `Bot ${options.token}`
    ) {
      result = apiError(401, 0, '401: Unauthorized');
    } else {
      try {
        result = route(method, path, query, parsed.body, parsed.files);
      } catch (err) {
        log(`fake-discord: handler error ${String(err)}`);
        result = apiError(500, 0, '500: Internal Server Error');
      }
    }

    const recorded: RecordedRequest = {
      method,
      path,
      url: req.url ?? '',
      query,
      headers: req.headers,
      body: parsed.body,
      files: parsed.files,
      status: result.status,
      at: Date.now(),
    };
    requests.push(recorded);
    log(`fake-discord: ${method} ${req.url} -> ${result.status}`);

    if (result.status === 204 || result.body === undefined) {
      res.writeHead(result.status, result.headers);
      res.end();
    } else {
      res.writeHead(result.status, { 'content-type': 'application/json', ...result.headers });
      res.end(JSON.stringify(result.body));
    }
    checkWaiters();
  }

  // ---- gateway ------------------------------------------------------------------------------------------------

  function sendPayload(conn: Connection, payload: unknown): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(payload));
  }

  function sendDispatchTo(conn: Connection, t: string, d: unknown): void {
    const session = conn.session;
    if (!session) return;
    session.seq += 1;
    sendPayload(conn, { op: GatewayOpcodes.Dispatch, t, s: session.seq, d });
  }

  function readyConnections(): Connection[] {
    return [...connections].filter((c) => c.ready && c.session && c.ws.readyState === c.ws.OPEN);
  }

  /** Discord's routing: a guild's events go to shard `(guild_id >> 22) % count`; DMs to shard 0. */
  function inShard(guildId: string | null | undefined, shard: [number, number]): boolean {
    const [id, count] = shard;
    if (count <= 1) return true;
    return guildId ? Number((BigInt(guildId) >> 22n) % BigInt(count)) === id : id === 0;
  }

  /** Ready connections an event goes to: all of them, or for a routed event (`guildId` given) its shard's. */
  function targets(guildId: string | null | undefined): Connection[] {
    const live = readyConnections();
    return guildId === undefined ? live : live.filter((c) => c.session && inShard(guildId, c.session.shard));
  }

  function flushPending(): void {
    if (!readyConnections().length) return;
    const kept: typeof pendingDispatches = [];
    for (const next of pendingDispatches.splice(0)) {
      const to = targets(next.guildId);
      if (!to.length) kept.push(next);
      for (const c of to) sendDispatchTo(c, next.t, next.d);
    }
    pendingDispatches.push(...kept);
  }

  function guildChannels(g: FakeGuildConfig): APITextChannel[] {
    const channels = g.channels ?? (g.id === DEFAULT_GUILD_ID ? (DEFAULT_GUILD.channels ?? []) : []);
    return channels.map((c, i) => ({
      id: c.id,
      type: ChannelType.GuildText,
      name: c.name ?? `channel-${i}`,
      guild_id: g.id,
      position: i,
      permission_overwrites: c.permissionOverwrites ?? [],
      parent_id: null,
      nsfw: false,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
    }));
  }

  function guildThreads(g: FakeGuildConfig): APIThreadChannel[] {
    return (g.threads ?? []).map((t) => ({
      id: t.id,
      type: ChannelType.PublicThread,
      name: t.name ?? `thread-${t.id}`,
      guild_id: g.id,
      parent_id: t.parentId,
      owner_id: DEFAULT_USER_ID,
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: '2024-01-01T00:00:00.000000+00:00',
        locked: false,
      },
      applied_tags: [],
    }));
  }

  function guildCreate(g: FakeGuildConfig): GatewayGuildCreateDispatchData {
    const everyone: APIRole = {
      id: g.id,
      name: '@everyone',
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      position: 0,
      permissions: g.everyonePermissions ?? DEFAULT_APP_PERMISSIONS,
      managed: false,
      mentionable: false,
      flags: 0 as RoleFlags,
    };
    // Discord gives a bot invited with permissions a managed role of its own, which its
    // mention picker often offers in place of the bot.
    const botRole: APIRole = {
      ...everyone,
      id: DEFAULT_BOT_ROLE_ID,
      name: botUser.username,
      position: 1,
      permissions: g.botRolePermissions ?? DEFAULT_APP_PERMISSIONS,
      managed: true,
      mentionable: true,
      tags: { bot_id: botUser.id },
    };
    const botMember: APIGuildMember = {
      user: botUser,
      roles: [botRole.id],
      joined_at: '2024-01-01T00:00:00.000000+00:00',
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      nick: null,
      avatar: null,
      premium_since: null,
      pending: false,
      communication_disabled_until: null,
    };
    return {
      id: g.id,
      name: g.name ?? `Guild ${g.id}`,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: DEFAULT_GUILD_OWNER_ID,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: GuildVerificationLevel.None,
      default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
      explicit_content_filter: GuildExplicitContentFilter.Disabled,
      roles: [everyone, botRole],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: GuildMFALevel.None,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0 as GuildSystemChannelFlags,
      rules_channel_id: null,
      vanity_url_code: null,
      premium_tier: GuildPremiumTier.None,
      premium_subscription_count: 0,
      preferred_locale: g.preferredLocale ?? Locale.EnglishUS,
      public_updates_channel_id: null,
      nsfw_level: GuildNSFWLevel.Default,
      premium_progress_bar_enabled: false,
      hub_type: null,
      safety_alerts_channel_id: null,
      incidents_data: null,
      joined_at: '2024-01-01T00:00:00.000000+00:00',
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [botMember],
      channels: guildChannels(g),
      threads: guildThreads(g),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  function markReady(conn: Connection, event: 'identify' | 'resume'): void {
    conn.ready = true;
    emitter.emit(event);
    emitter.emit('ready');
    flushPending();
    checkWaiters();
  }

  function onGatewayMessage(conn: Connection, data: RawData): void {
    let payload: unknown;
    try {
      payload = JSON.parse(data.toString());
    } catch {
      conn.ws.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    if (!isRecord(payload) || typeof payload.op !== 'number') {
      conn.ws.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat: {
        heartbeatCount += 1;
        emitter.emit('heartbeat');
        if (heartbeatAck) sendPayload(conn, { op: GatewayOpcodes.HeartbeatAck });
        return;
      }
      case GatewayOpcodes.Identify: {
        if (conn.session) {
          conn.ws.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
          return;
        }
        const d = payload.d as GatewayIdentifyData;
        if (options.token !== undefined && d.token !== options.token) {
          conn.ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
          return;
        }
        identifyCount += 1;
        identifies.push(d);
        const shard: [number, number] = d.shard ?? [0, 1];
        const session: Session = { id: randomBytes(16).toString('hex'), seq: 0, token: d.token, shard, conn };
        sessions.set(session.id, session);
        conn.session = session;
        const ready: GatewayReadyDispatchData = {
          v: 10,
          user: botUser,
          guilds: guilds.filter((g) => inShard(g.id, shard)).map((g) => ({ id: g.id, unavailable: true })),
          session_id: session.id,
          resume_gateway_url: gatewayUrl,
          shard,
          application: {
            id: applicationId,
            flags: (options.applicationFlags ?? 0) as ApplicationFlags,
            flags_new: String(options.applicationFlags ?? 0),
          },
        };
        sendDispatchTo(conn, GatewayDispatchEvents.Ready, ready);
        // GUILD_CREATE requires the Guilds intent on real Discord, too.
        if ((d.intents & GatewayIntentBits.Guilds) !== 0) {
          for (const g of guilds)
            if (!g.unavailable && inShard(g.id, shard))
              sendDispatchTo(conn, GatewayDispatchEvents.GuildCreate, guildCreate(g));
        }
        markReady(conn, 'identify');
        return;
      }
      case GatewayOpcodes.Resume: {
        const d = payload.d as GatewayResumeData;
        resumeCount += 1;
        const session = sessions.get(d.session_id);
        if (!session || session.token !== d.token) {
          sendPayload(conn, { op: GatewayOpcodes.InvalidSession, d: false });
          return;
        }
        if (session.conn && session.conn !== conn) {
          session.conn.session = undefined;
          session.conn.ws.terminate();
        }
        session.conn = conn;
        conn.session = session;
        // Nothing is replayed: events dispatched while disconnected were queued and are flushed below.
        sendDispatchTo(conn, GatewayDispatchEvents.Resumed, null);
        markReady(conn, 'resume');
        return;
      }
      default: {
        if (!conn.session) {
          conn.ws.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
          return;
        }
        // Presence updates, guild member requests etc. are accepted and ignored.
        return;
      }
    }
  }

  // ---- server ----------------------------------------------------------------------------------------------

  const server: Server = createServer((req, res) => {
    onHttp(req, res).catch((err: unknown) => {
      log(`fake-discord: request failed ${String(err)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: '500: Internal Server Error', code: 0 }));
    });
  });
  server.keepAliveTimeout = 1000;
  const wss = new WebSocketServer({ server });

  wss.on('connection', (ws) => {
    connectionCounter += 1;
    const conn: Connection = { n: connectionCounter, ws, session: undefined, ready: false };
    connections.add(conn);
    log(`fake-discord: gateway connection #${conn.n}`);
    ws.on('message', (data) => onGatewayMessage(conn, data));
    ws.on('error', () => {});
    ws.on('close', (code) => {
      connections.delete(conn);
      conn.ready = false;
      if (conn.session?.conn === conn) conn.session.conn = undefined;
      log(`fake-discord: gateway connection #${conn.n} closed (${code})`);
      emitter.emit('disconnect');
      checkWaiters();
    });
    emitter.emit('connect');
    sendPayload(conn, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: heartbeatIntervalMs } });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const gatewayUrl = `ws://127.0.0.1:${port}`;
  const restBase = `http://127.0.0.1:${port}/api`;

  // ---- public object ---------------------------------------------------------------------------------------

  function dispatchRaw(t: string, d: unknown): number {
    return dispatchTo(undefined, t, d);
  }

  /** `guildId`: route to that guild's shard (null: a DM, shard 0); undefined: every session. */
  function dispatchTo(guildId: string | null | undefined, t: string, d: unknown): number {
    const live = targets(guildId);
    if (!live.length) {
      pendingDispatches.push({ t, d, guildId });
      return 0;
    }
    flushPending();
    for (const c of live) sendDispatchTo(c, t, d);
    return live.length;
  }

  const fake: FakeDiscord = {
    restBase,
    gatewayUrl,
    port,
    applicationId,
    botUser,
    requests,
    identifies,
    commands,
    interactions,
    get identifyCount() {
      return identifyCount;
    },
    get resumeCount() {
      return resumeCount;
    },
    get heartbeatCount() {
      return heartbeatCount;
    },
    get readyConnectionCount() {
      return readyConnections().length;
    },

    sendInteraction(interaction) {
      const rec = recordFor(interaction.id, interaction.token);
      rec.interaction = interaction;
      rec.token = interaction.token;
      rec.sentAt = Date.now();
      interactionsByToken.set(interaction.token, rec);
      dispatchTo(interaction.guild_id ?? null, GatewayDispatchEvents.InteractionCreate, interaction);
      return interaction;
    },
    sendMessage(message) {
      dispatchTo(message.guild_id ?? null, GatewayDispatchEvents.MessageCreate, message);
      return message;
    },
    async postInteraction(url, interaction, o = {}) {
      const rec = recordFor(interaction.id, interaction.token);
      rec.interaction = interaction;
      rec.token = interaction.token;
      rec.sentAt = Date.now();
      interactionsByToken.set(interaction.token, rec);
      const signed = JSON.stringify(interaction);
      const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (!o.unsigned && o.privateKey) {
        headers['x-signature-ed25519'] = sign(null, Buffer.from(timestamp + signed), o.privateKey).toString(
          'hex',
        );
        headers['x-signature-timestamp'] = timestamp;
      }
      const res = await fetch(url, { method: 'POST', headers, body: o.tamper ? o.tamper(signed) : signed });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: kept as text
      }
      if (res.status === 200 && isRecord(body) && interaction.type !== InteractionType.Ping) {
        handleCallback(interaction.id, interaction.token, {}, body, []);
        checkWaiters();
      }
      return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body };
    },
    get identifiedShards() {
      return identifies.map((d) => d.shard ?? ([0, 1] as [number, number]));
    },
    dispatch(t, d) {
      return dispatchRaw(t, d);
    },
    dispatchRaw,

    waitForCallback(interactionId, timeoutMs = 5000) {
      return addWaiter(
        () => interactions.get(interactionId)?.callback,
        timeoutMs,
        `callback for ${interactionId}`,
      );
    },
    waitForRequest(predicate, timeoutMs = 5000, opts = {}) {
      const start = opts.includePast === false ? requests.length : 0;
      return addWaiter(
        () => {
          for (let i = start; i < requests.length; i++) {
            const r = requests[i];
            if (r && predicate(r)) return r;
          }
          return undefined;
        },
        timeoutMs,
        'a matching request',
      );
    },
    waitForGateway(event, timeoutMs = 5000) {
      return once(emitter, event, { signal: AbortSignal.timeout(timeoutMs) }).then(
        () => undefined,
        () => {
          throw new Error(`fake-discord: timed out after ${timeoutMs} ms waiting for gateway ${event}`);
        },
      );
    },
    waitForReadySession(timeoutMs = 5000) {
      return addWaiter(
        () => (readyConnections().length ? true : undefined),
        timeoutMs,
        'a ready session',
      ).then(() => undefined);
    },

    failNextCallbacks(n, fault) {
      faultRules.push({ match: (r) => r.method === 'POST' && CALLBACK_RE.test(r.path), remaining: n, fault });
    },
    failNextRequests(match, n, fault) {
      faultRules.push({ match, remaining: n, fault });
    },

    async closeConnections(code = GatewayCloseCodes.UnknownError, reason = 'fake-discord closing') {
      const conns = [...connections];
      await Promise.all(
        conns.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.ws.readyState === c.ws.CLOSED) {
                resolve();
                return;
              }
              const timer = setTimeout(() => c.ws.terminate(), 1000);
              c.ws.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
              if (code === 1006) c.ws.terminate();
              else c.ws.close(code, reason);
            }),
        ),
      );
    },
    setHeartbeatAck(enabled) {
      heartbeatAck = enabled;
    },
    sendReconnect() {
      for (const c of connections) sendPayload(c, { op: GatewayOpcodes.Reconnect, d: null });
    },
    invalidateSessions(resumable = false) {
      for (const c of connections) {
        if (!resumable) c.ready = false;
        sendPayload(c, { op: GatewayOpcodes.InvalidSession, d: resumable });
      }
      if (!resumable) {
        for (const c of connections) c.session = undefined;
        sessions.clear();
      }
    },
    clearRecords() {
      requests.length = 0;
      interactions.clear();
      interactionsByToken.clear();
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const w of waiters) {
        clearTimeout(w.timer);
        w.reject(new Error('fake-discord: closed'));
      }
      waiters.clear();
      for (const c of connections) c.ws.terminate();
      connections.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

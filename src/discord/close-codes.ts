import { GatewayIntentBits } from 'discord.js';

/**
 * Why the bot stopped talking to Discord, in words an operator can act on, and whether
 * restarting can help. `permanent` maps onto the project's exit codes (src/exit-codes.ts):
 * 78 when permanent (fix something first; do not restart), 75 when not (restart with back-off).
 */
export interface Explanation {
  message: string;
  /** True when restarting without changing anything cannot help. */
  permanent: boolean;
}

export interface BotIdentity {
  /** The intents bitfield the client asks for. */
  intents?: number | bigint;
  /** For links to the application's page in the developer portal. */
  applicationId?: string;
}

const PORTAL = 'https://discord.com/developers/applications';

/** Privileged intents, with their names in the developer portal (Bot → Privileged Gateway Intents). */
const PRIVILEGED: [bit: number, flag: string, portal: string][] = [
  [GatewayIntentBits.GuildPresences, 'GuildPresences', 'Presence Intent'],
  [GatewayIntentBits.GuildMembers, 'GuildMembers', 'Server Members Intent'],
  [GatewayIntentBits.MessageContent, 'MessageContent', 'Message Content Intent'],
];

function botPage(applicationId?: string): string {
  return applicationId ? `${PORTAL}/${applicationId}/bot` : `${PORTAL} → your application → Bot`;
}

/** A gateway close code Discord will not let the bot recover from (discord.js gives up on these). */
export function explainCloseCode(code: number, identity: BotIdentity = {}): Explanation {
  switch (code) {
    case 4004:
      return {
        permanent: true,
        message:
          'Discord rejected the bot token (gateway close code 4004, authentication failed): ' +
          'DISCORD_TOKEN is wrong, or the token was reset. ' +
          `Reset it under Bot → Reset Token (${botPage(identity.applicationId)}) and set the new one.`,
      };
    case 4010:
      return {
        permanent: true,
        message:
          'Discord rejected the shard settings (gateway close code 4010, invalid shard): ' +
          'each shard id must be below the shard count. Check the shard settings (SHARDS, SHARD_COUNT) ' +
          'or let the ShardingManager assign them.',
      };
    case 4011:
      return {
        permanent: true,
        message:
          'Discord requires sharding (gateway close code 4011): the bot is in too many servers for one ' +
          'connection (2,500 or more). Run it with shards, e.g. ShardingManager with totalShards: "auto" ' +
          '(see README, "Scaling past one process").',
      };
    case 4012:
      return {
        permanent: true,
        message:
          'Discord rejected the gateway API version (gateway close code 4012): discord.js is too old. ' +
          'Upgrade it and deploy again.',
      };
    case 4013:
      return {
        permanent: true,
        message:
          `Discord rejected the intents value ${String(identity.intents ?? 'sent')} as invalid ` +
          '(gateway close code 4013): this build asks for an intent that does not exist. ' +
          'This is a bug in the bot, not in its configuration.',
      };
    case 4014: {
      const asked = requestedPrivileged(identity.intents);
      const page = botPage(identity.applicationId);
      return {
        permanent: true,
        message:
          asked.length > 0
            ? `Discord refused a privileged intent (gateway close code 4014, disallowed intents): the bot asks for ${asked
                .map(([, flag, portal]) => `${flag} ("${portal}")`)
                .join(', ')}. Enable ${asked.map(([, , portal]) => `"${portal}"`).join(' and ')} under ` +
              `Bot → Privileged Gateway Intents (${page}); a bot in 100 or more servers needs Discord's approval for it.`
            : 'Discord refused a privileged intent (gateway close code 4014, disallowed intents), but this ' +
              'build asks for none (Guilds, GuildMessages, DirectMessages only). Check that DISCORD_TOKEN ' +
              `belongs to this application, and its Privileged Gateway Intents (${page}).`,
      };
    }
    default:
      return {
        permanent: false,
        message: `The gateway connection closed with code ${code} and could not be resumed; restarting may help.`,
      };
  }
}

function requestedPrivileged(intents: number | bigint | undefined) {
  if (intents === undefined) return [];
  const bits = BigInt(intents);
  return PRIVILEGED.filter(([bit]) => (bits & BigInt(bit)) !== 0n);
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/** Why logging in failed (before any gateway close code): a bad token, or the network. */
export function explainLoginFailure(err: unknown, identity: BotIdentity = {}): Explanation {
  const code = errorCode(err);
  const status = (err as { status?: unknown } | null)?.status;
  if (code === 'TokenInvalid' || code === 'TokenMissing' || status === 401) {
    return explainCloseCode(4004, identity);
  }
  // The gateway refused the first connection with a close code it never lets the bot recover from.
  const closeCode = (err as { code?: unknown } | null)?.code;
  if (typeof closeCode === 'number') {
    const closed = explainCloseCode(closeCode, identity);
    if (closed.permanent) return closed;
  }
  const network = networkCode(err);
  if (network) {
    return {
      permanent: false,
      message: `Could not reach Discord (${network}): a network failure, not the token. Check the network, DNS and DISCORD_API_URL; restarting with back-off may help.`,
    };
  }
  if (typeof status === 'number' && status >= 500) {
    return {
      permanent: false,
      message: `Discord answered ${status} while logging in: Discord is having trouble; restarting with back-off may help.`,
    };
  }
  return {
    permanent: false,
    message: `Could not log in to Discord (${describe(err)}); restarting may help.`,
  };
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The network error code in the error or its causes (undici wraps it: "fetch failed" → cause). */
function networkCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = errorCode(current);
    if (code && NETWORK_CODES.has(code)) return code;
    const nested = (current as { errors?: unknown }).errors; // AggregateError (IPv4 + IPv6)
    if (Array.isArray(nested)) {
      const inner = nested.map(networkCode).find(Boolean);
      if (inner) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

import pino, { type DestinationStream, type Logger } from 'pino';

export type { DestinationStream, Logger };

/**
 * JSON lines in production, readable lines in a terminal. Every line passes through a
 * filter that replaces the bot token wherever it appears, including inside errors that
 * echo request headers ("Authorization: Bot …").
 */
export function createLogger(options: {
  level: string;
  secrets?: readonly string[];
  pretty?: boolean;
  /** Where JSON lines go instead of stdout (tests capture them in memory). Never pretty-printed. */
  destination?: DestinationStream;
}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  const pretty =
    options.destination === undefined &&
    (options.pretty ?? (process.stdout.isTTY === true && process.env.NODE_ENV !== 'production'));
  const settings: pino.LoggerOptions = {
    level: options.level,
    base: undefined,
    redact: {
      paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization'],
      censor: '[redacted]',
    },
    // Errors from Discord's REST client carry the request's URL (with the interaction or webhook
    // token in it) and the whole request body: neither may reach a log.
    serializers: { err: serializeError },
    hooks: { streamWrite: (line: string) => redact(line, secrets) },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss' } } }
      : {}),
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

export function redact(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  // A token leaked in another encoding still starts with the base64 of the bot's id and carries two dots.
  out = out.replace(/Bot [\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}/g, 'Bot [redacted]');
  return redactUrls(out);
}

/**
 * Interaction and webhook tokens live in URL paths: `/interactions/<id>/<token>/callback`,
 * `/webhooks/<id>/<token>[/messages/…]`. Each is valid for 15 minutes (interactions) or for
 * ever (webhooks) and enough to post as the bot, so the segment is replaced wherever it occurs.
 */
export function redactUrls(text: string): string {
  return text.replace(TOKEN_IN_URL, '$1[redacted]');
}

const TOKEN_IN_URL = /(\/(?:interactions|webhooks)\/\d+\/)[^/\s"'\\?#]+/g;

/** Keys whose values are request bodies: dropped from serialized errors. */
const BODY_KEYS = new Set(['requestBody', 'body', 'rawBody', 'files']);

/**
 * pino's error serializer, then a copy without request bodies and with URL tokens redacted
 * in every string (message, stack, url, nested errors), however deep.
 */
export function serializeError(err: unknown): unknown {
  return clean(pino.stdSerializers.err(err as Error), 0);
}

function clean(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactUrls(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (key === 'raw' || BODY_KEYS.has(key)) continue;
    const v = (value as Record<string, unknown>)[key];
    out[key] = v instanceof Error ? serializeError(v) : clean(v, depth + 1);
  }
  return out;
}

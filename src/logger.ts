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
  return out.replace(/Bot [\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}/g, 'Bot [redacted]');
}

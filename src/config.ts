import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id: 17 to 20 digits');
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
/** Surrounding spaces dropped; blank is unset. */
const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() || undefined : v);
/** The same, in lower case (for keywords: levels, booleans, `auto`). */
const trimmedLower = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v);
const positiveInt = (fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').default(fallback),
  );

export const configSchema = z.object({
  DISCORD_TOKEN: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(
        /^[\w-]+\.[\w-]+\.[\w-]+$/,
        'does not look like a bot token (three dot-separated parts); copy it again from the Bot page',
      )
      .optional(),
  ),
  DISCORD_APPLICATION_ID: z.preprocess(blankToUndefined, snowflake.optional()),
  DISCORD_GUILD_ID: z.preprocess(blankToUndefined, snowflake.optional()),
  DISCORD_API_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' })
      .default('https://discord.com/api'),
  ),
  LOG_LEVEL: z.preprocess(
    trimmedLower,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  KNOWLEDGE_DIR: z.preprocess(blankToUndefined, z.string().optional()),
  /** Commands and mention answers one user may send per window; 0 turns the limit off. */
  RATE_LIMIT_COUNT: positiveInt(8),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt(20),
  /** Health, readiness and metrics (and, under `serve`, the interactions endpoint). Unset: no listener, except `serve` (3000). */
  HTTP_PORT: z.preprocess(
    blankToUndefined,
    z.coerce
      .number()
      .int('must be a whole number')
      .min(0, 'must be a port number: 0 to 65535')
      .max(65535, 'must be a port number: 0 to 65535')
      .optional(),
  ),
  HTTP_HOST: z.preprocess(blankToUndefined, z.string().default('0.0.0.0')),
  /** The application's public key (General Information → Public Key): checks the HTTP endpoint's requests. */
  DISCORD_PUBLIC_KEY: z.preprocess(
    trimmed,
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the Public Key from General Information: 64 hexadecimal digits')
      .optional(),
  ),
  /** False when an HTTP endpoint answers interactions and this gateway process only answers mentions and DMs. */
  GATEWAY_INTERACTIONS: z.preprocess(
    trimmedLower,
    z
      .enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'], { error: 'must be true or false' })
      .default('true')
      .transform((v) => ['true', '1', 'on', 'yes'].includes(v)),
  ),
  /** Internal sharding: this process runs shards 0..n-1, or `auto` for Discord's recommendation. */
  SHARD_COUNT: z.preprocess(
    trimmedLower,
    z
      .union([
        z.literal('auto'),
        z.coerce.number().int('must be a whole number or auto').min(1, 'must be 1 or more, or auto'),
      ])
      .optional(),
  ),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment; every wrong value is named, and no value is ever echoed (tokens are secrets). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return result.data;
}

import {
  type GuildMember,
  type GuildTextBasedChannel,
  PermissionFlagsBits,
  type PermissionResolvable,
  PermissionsBitField,
} from 'discord.js';

/**
 * What the bot must be allowed in a channel to answer a mention there. Checked from the cache
 * (the guild's roles, the channel's overwrites, the bot's own member) before sending, so a
 * channel where it may not speak costs no rejected request (403/50013) per message.
 */
function neededPermissions(channel: GuildTextBasedChannel): bigint[] {
  return [
    PermissionFlagsBits.ViewChannel,
    channel.isThread() ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages,
    PermissionFlagsBits.EmbedLinks,
    // The answer is a reply (message_reference), which needs to read the message it answers.
    PermissionFlagsBits.ReadMessageHistory,
  ];
}

/**
 * The names of the permissions the bot lacks in `channel` (`[]` when it may answer), or
 * undefined when they cannot be worked out from the cache (then it is simply tried).
 */
export function missingPermissions(
  channel: GuildTextBasedChannel,
  me: GuildMember | null | undefined,
): string[] | undefined {
  if (!me) return undefined;
  let granted: Readonly<PermissionsBitField> | null;
  try {
    granted = channel.permissionsFor(me);
  } catch {
    return undefined;
  }
  if (!granted) return undefined;
  if (me.isCommunicationDisabled()) return ['SendMessages (the bot is timed out)'];
  const missing = neededPermissions(channel).filter((p) => !granted.has(p as PermissionResolvable));
  return new PermissionsBitField(missing).toArray();
}

/**
 * Remembers which channels were already reported, so a channel where the bot may not speak is
 * logged once, not once per message: at most `max` channels, each forgotten after `ttlMs`
 * (permissions get fixed; then a new problem is worth a new line). Oldest first out.
 */
export class OncePerChannel {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly max = 10_000,
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time for `channelId` (or once its entry has expired). */
  first(channelId: string): boolean {
    const now = this.now();
    const at = this.seen.get(channelId);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.delete(channelId);
    this.seen.set(channelId, now);
    while (this.seen.size > this.max) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}

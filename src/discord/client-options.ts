import { type Client, type ClientOptions, DMChannel, Options } from 'discord.js';

/**
 * What discord.js may keep in memory: almost nothing. The bot answers from the payload of each
 * interaction or message and keeps no state between them, but by default discord.js caches every
 * user, member, message and DM channel it ever sees, without limit: memory grew by ~20 MB per
 * 50,000 new users. Kept: guilds, their channels and roles, and the bot's own user and member
 * (enough to check the bot's permissions in a channel); threads as discord.js sweeps them.
 */
export function cacheOptions(): Pick<ClientOptions, 'makeCache' | 'sweepers'> {
  const none = 0;
  return {
    makeCache: Options.cacheWithLimits({
      // The bot's own user and member stay: permissions (guild.members.me) and mentions need them.
      UserManager: { maxSize: none, keepOverLimit: (user) => user.id === user.client.user?.id },
      GuildMemberManager: { maxSize: none, keepOverLimit: (member) => member.id === member.client.user?.id },
      MessageManager: none,
      PresenceManager: none,
      ReactionManager: none,
      ReactionUserManager: none,
      ThreadMemberManager: none,
      VoiceStateManager: none,
      StageInstanceManager: none,
      GuildBanManager: none,
      GuildInviteManager: none,
      GuildScheduledEventManager: none,
      GuildStickerManager: none,
      GuildEmojiManager: none,
      BaseGuildEmojiManager: none,
      ApplicationCommandManager: none,
      ApplicationEmojiManager: none,
      AutoModerationRuleManager: none,
      EntitlementManager: none,
    }),
    // Archived threads leave after 4 hours, as by default.
    sweepers: { ...Options.DefaultSweeperSettings },
  };
}

/** How often DM channels are dropped from the cache (a new one is built from the next message). */
export const DM_CHANNEL_SWEEP_MS = 10_000;

/**
 * discord.js keeps a channel object for every DM it sees (a DM message or an interaction in a DM),
 * one per user who ever wrote to the bot, and no cache setting can limit the channel cache without
 * scanning it on every insert: drop them every few seconds instead (a sweep walks the channel
 * cache once; it takes a millisecond for 100,000 channels). With `Partials.Channel` the next DM
 * rebuilds its channel from the payload. Stops by itself once the client is destroyed.
 */
export function sweepDmChannels(client: Client, everyMs = DM_CHANNEL_SWEEP_MS): () => void {
  const timer = setInterval(() => {
    if ((client.ws as unknown as { destroyed?: boolean }).destroyed) clearInterval(timer);
    else client.channels.cache.sweep((channel) => channel instanceof DMChannel);
  }, everyMs).unref();
  return () => clearInterval(timer);
}

import type { Topic } from '../search/question.js';

/**
 * What each conversation (one user in one channel or DM) last asked about, so that
 * "那政府能做什么？" or "and what did the city do about it?" continues it. Memory only:
 * a restart forgets, entries expire after a few minutes, and the number of entries is
 * capped (the oldest go first), so no number of users grows it without bound.
 */
export interface TopicMemory {
  recall(): Topic | undefined;
  remember(topic: Topic): void;
}

export interface ConversationOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export class Conversations {
  private readonly entries = new Map<string, { topic: Topic; at: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: ConversationOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The memory of one user in one channel. */
  of(userId: string, channelId: string): TopicMemory {
    const key = `${userId}:${channelId}`;
    return {
      recall: () => {
        const entry = this.entries.get(key);
        if (!entry) return undefined;
        if (this.now() - entry.at > this.ttlMs) {
          this.entries.delete(key);
          return undefined;
        }
        return entry.topic;
      },
      remember: (topic) => {
        this.entries.delete(key);
        this.entries.set(key, { topic, at: this.now() });
        while (this.entries.size > this.maxEntries) {
          const oldest = this.entries.keys().next().value;
          if (oldest === undefined) break;
          this.entries.delete(oldest);
        }
      },
    };
  }
}

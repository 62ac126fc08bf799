import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { COMMANDS_BY_NAME } from './commands/index.js';
import type { KnowledgeStore } from './store/store.js';

const KINDS = new Set(['autocomplete', 'button', 'select', 'ping', 'mention', 'dm']);

/**
 * The bot's Prometheus metrics, in a registry of its own (tests and two bots in one process do not
 * share counters). Label values are bounded: a command name the bot does not know counts as
 * `/unknown`, so nobody can grow the series by sending made-up names.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly interactions = new Counter({
    name: 'outflow_interactions_total',
    help: 'Interactions and mention/DM messages answered, by kind (/command, button, select, autocomplete, mention, dm) and status (ok, not-found, error, rate-limited, undelivered).',
    labelNames: ['kind', 'status'] as const,
    registers: [this.registry],
  });
  private readonly handling = new Histogram({
    name: 'outflow_interaction_duration_seconds',
    help: 'Time from receiving an interaction or message to its reply being accepted by Discord.',
    labelNames: ['kind'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly reconnects = new Counter({
    name: 'outflow_gateway_reconnects_total',
    help: 'Gateway connections lost and re-established (resumed or identified again), by shard.',
    labelNames: ['shard'] as const,
    registers: [this.registry],
  });
  private readonly reloads = new Counter({
    name: 'outflow_knowledge_reloads_total',
    help: 'Knowledge reloads, by result: ok (swapped in) or rejected (invalid; the previous knowledge keeps serving).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: 'outflow_rate_limited_total',
    help: 'Requests refused by the per-user rate limit.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean; labels?: Record<string, string> } = {}) {
    if (options.labels) this.registry.setDefaultLabels(options.labels);
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    // Every series exists from the start, so a dashboard shows 0 rather than nothing.
    this.reloads.inc({ result: 'ok' }, 0);
    this.reloads.inc({ result: 'rejected' }, 0);
  }

  observeInteraction(kind: string, status: string, seconds: number): void {
    const k = boundedKind(kind);
    this.interactions.inc({ kind: k, status });
    if (status === 'rate-limited') this.rateLimited.inc({ kind: k });
    else this.handling.observe({ kind: k }, seconds);
  }

  /** A mention or DM the rate limit refused (it gets no reply, so it is not timed). */
  observeIgnoredMessage(kind: 'mention' | 'dm'): void {
    this.interactions.inc({ kind, status: 'rate-limited' });
    this.rateLimited.inc({ kind });
  }

  /**
   * Counts every reload of `store`, whoever triggers it (the file watcher, SIGHUP): wraps its
   * `reload`, which throws on invalid files and leaves the previous knowledge serving.
   */
  countReloads(store: KnowledgeStore): void {
    const reload = store.reload.bind(store);
    store.reload = async () => {
      try {
        const snapshot = await reload();
        this.reloads.inc({ result: 'ok' });
        return snapshot;
      } catch (err) {
        this.reloads.inc({ result: 'rejected' });
        throw err;
      }
    };
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

function boundedKind(kind: string): string {
  if (KINDS.has(kind)) return kind;
  if (kind.startsWith('/') && COMMANDS_BY_NAME.has(kind.slice(1))) return kind;
  return kind.startsWith('/') ? '/unknown' : 'other';
}

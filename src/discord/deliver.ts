import { DiscordAPIError, type REST, Routes } from 'discord.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { HandledInteraction, InteractionRef } from './interactions.js';
import type { MessagePlan, WireMessage } from './responder.js';

/**
 * The requests that deliver a reply plan, sent with the bodies exactly as the Responder built them.
 * Interaction callbacks and webhooks need no bot token (the interaction token is the credential).
 */

/** Gateway transport: the interaction callback route. */
export async function postCallback(rest: REST, ref: InteractionRef, handled: HandledInteraction) {
  await rest.post(Routes.interactionCallback(ref.id, ref.token), { body: handled.response, auth: false });
}

/**
 * Both transports: a follow-up message through the interaction's webhook. Over HTTP, Discord may
 * still be processing the response when the follow-up arrives; "Unknown Webhook" is retried briefly.
 */
export async function postFollowUp(rest: REST, ref: InteractionRef, body: WireMessage): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rest.post(Routes.webhook(ref.applicationId, ref.token), { body, auth: false });
      return;
    } catch (err) {
      if (!(err instanceof DiscordAPIError && err.code === 10015 && attempt < 3)) throw err;
      await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
    }
  }
}

/** A reply to a mention or DM. */
export async function postChannelReply(rest: REST, plan: MessagePlan): Promise<void> {
  await rest.post(Routes.channelMessages(plan.channelId), { body: plan.message });
}

/**
 * One log line and the metrics for an interaction, whichever transport answered it.
 * `failure` is set when delivering the reply failed.
 */
export function recordInteraction(
  logger: Logger,
  metrics: Metrics | undefined,
  ref: InteractionRef,
  handled: HandledInteraction,
  started: number,
  extra: { shard?: number; failure?: unknown } = {},
): void {
  const ms = elapsed(started);
  const shard = extra.shard === undefined ? {} : { shard: extra.shard };
  const line = { interaction: ref.id, locale: ref.locale, ...shard, kind: handled.kind, ms };
  const status = extra.failure === undefined ? handled.status : 'undelivered';
  metrics?.observeInteraction(handled.kind, status, ms / 1000);
  if (handled.error !== undefined)
    logger.error({ err: handled.error, interaction: ref.id, ...shard }, 'answer failed; sent an apology');
  if (handled.kind === 'autocomplete') {
    if (extra.failure !== undefined)
      logger.warn({ ...line, err: extra.failure }, 'autocomplete response failed');
    else logger.info({ ...line, choices: handled.choices }, 'autocomplete');
    return;
  }
  const full = { ...line, status: handled.status, ids: handled.ids };
  if (extra.failure !== undefined)
    logger.warn({ ...full, err: extra.failure }, 'could not deliver the reply');
  else logger.info(full, 'interaction');
}

/** Milliseconds since `started` (a performance.now() reading), to two decimals, as logged. */
export function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

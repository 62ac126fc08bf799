import type { KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIInteraction, REST } from 'discord.js';
import { postFollowUp, recordInteraction } from '../discord/deliver.js';
import { handleInteraction, refOf } from '../discord/interactions.js';
import type { RateLimiter } from '../discord/rate-limit.js';
import type { Responder } from '../discord/responder.js';
import { InFlight } from '../in-flight.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { verifyDiscordRequest } from './verify.js';

/** Discord's interaction payloads are a few kilobytes; anything near this is not one. */
const MAX_BODY_BYTES = 256 * 1024;

export interface InteractionsEndpoint {
  publicKey: KeyObject;
  responder: Responder;
  limiter: RateLimiter;
  /** For follow-ups through the interaction's webhook (no bot token needed). */
  rest: REST;
}

export interface HttpServerOptions {
  host: string;
  port: number;
  logger: Logger;
  metrics: Metrics;
  /** Gateway ready or endpoint serving, and knowledge loaded. */
  ready: () => boolean;
  /** Set under `serve`: answer `POST /interactions`. */
  interactions?: InteractionsEndpoint;
}

/**
 * The process's HTTP listener: `GET /healthz` (alive), `GET /readyz` (able to answer),
 * `GET /metrics` (Prometheus), and under `serve` Discord's interactions endpoint,
 * `POST /interactions`. It keeps no state between requests, so any number of instances can
 * serve the same application behind a load balancer.
 */
export class HttpServer {
  private readonly server: Server;
  private readonly inFlight = new InFlight();
  private closing = false;

  constructor(private readonly options: HttpServerOptions) {
    this.server = createServer((req, res) => {
      this.inFlight.track(
        this.route(req, res).catch((err) => {
          options.logger.error({ err, path: req.url }, 'http request failed');
          if (!res.headersSent) send(res, 500, 'internal error');
          else res.destroy();
        }),
      );
    });
    // Behind a load balancer: keep connections a little longer than common LB idle timeouts.
    this.server.keepAliveTimeout = 65_000;
    // A request (headers and body) must arrive within 10 s: Discord sends a few kilobytes at once.
    this.server.headersTimeout = 10_000;
    this.server.requestTimeout = 10_000;
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  get port(): number {
    return (this.server.address() as AddressInfo | null)?.port ?? 0;
  }

  get pending(): number {
    return this.inFlight.size;
  }

  /** Stops accepting connections, lets requests in flight (and their follow-ups) finish, then closes. */
  async stop(graceMs = 5000): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await this.inFlight.drain(performance.now() + graceMs);
    this.server.closeAllConnections();
    await closed;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const method = req.method ?? 'GET';
    if (path === '/interactions' && this.options.interactions) {
      if (method !== 'POST') return send(res, 405, 'method not allowed', { allow: 'POST' });
      return this.interaction(req, res, this.options.interactions);
    }
    if (path === '/healthz' || path === '/readyz' || path === '/metrics') {
      if (method !== 'GET' && method !== 'HEAD')
        return send(res, 405, 'method not allowed', { allow: 'GET' });
      if (path === '/healthz') return send(res, 200, 'ok');
      if (path === '/readyz')
        return this.options.ready() && !this.closing ? send(res, 200, 'ready') : send(res, 503, 'not ready');
      const { contentType, body } = await this.options.metrics.render();
      return send(res, 200, body, { 'content-type': contentType });
    }
    send(res, 404, 'not found');
  }

  private async interaction(req: IncomingMessage, res: ServerResponse, endpoint: InteractionsEndpoint) {
    const started = performance.now();
    const signature = header(req, 'x-signature-ed25519');
    const timestamp = header(req, 'x-signature-timestamp');
    // Nothing unsigned is even read: a request without the headers is refused at once.
    if (!signature || !timestamp) return unauthorized(req, res);
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) return send(res, 413, 'request too large', { connection: 'close' });
    if (!verifyDiscordRequest(endpoint.publicKey, signature, timestamp, body)) return unauthorized(req, res);

    let raw: APIInteraction;
    try {
      raw = JSON.parse(body.toString('utf8')) as APIInteraction;
      if (typeof raw !== 'object' || raw === null || typeof raw.type !== 'number') throw new Error('no type');
    } catch {
      return send(res, 400, 'invalid interaction');
    }
    const handled = handleInteraction(raw, endpoint.responder, endpoint.limiter);
    if (!handled) return send(res, 400, 'unsupported interaction type');
    const { logger, metrics } = this.options;
    if (handled.kind === 'ping') {
      send(res, 200, JSON.stringify(handled.response), { 'content-type': 'application/json' });
      logger.debug('ping answered');
      return;
    }
    const ref = refOf(raw);
    const sent = new Promise<void>((resolve, reject) => {
      res.once('finish', resolve);
      res.once('close', () => (res.writableFinished ? resolve() : reject(new Error('connection closed'))));
    });
    send(res, 200, JSON.stringify(handled.response), { 'content-type': 'application/json' });
    try {
      await sent;
      if (handled.followUp) await postFollowUp(endpoint.rest, ref, handled.followUp);
      recordInteraction(logger, metrics, ref, handled, started);
    } catch (failure) {
      recordInteraction(logger, metrics, ref, handled, started, { failure });
    }
  }
}

function unauthorized(req: IncomingMessage, res: ServerResponse): void {
  // Whatever was sent is not read further; the connection is not kept for more of the same.
  send(res, 401, 'invalid request signature', { connection: 'close' });
  req.resume();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

/** The whole body, or undefined once it passes `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

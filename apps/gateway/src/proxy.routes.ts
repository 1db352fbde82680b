import { Readable } from 'node:stream';
import proxy, { type FastifyHttpProxyOptions } from '@fastify/http-proxy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpErrors } from '@shared/http';
import type { GatewayConfig } from './config';
import { bodyTooLargeMessage, GatewayErrors, upstreamUnavailable } from './gateway.errors';
import { discardBody, meterBody, type MeteredBody } from './request-body';
import { APP_NAMES, upstreamOf, type Upstream } from './route-table';
import { createUpstreamPool } from './upstream-pool';
import { connectUpstream } from './upstream-socket';

/** Errors of reply-from that mean "nobody answered there" (the next node may). */
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/**
 * /api/* to the app that owns the path (route-table.ts). Bodies and responses are streamed,
 * not buffered: an SSE response is piped to the client chunk by chunk, and once its headers
 * are in, no timeout applies (undici's bodyTimeout 0; the apps send heartbeats). The request
 * id travels upstream as x-request-id, so one id names the request in every app's log.
 *
 * A body above GATEWAY_BODY_LIMIT_BYTES is a JSON 413, declared (Content-Length) or counted as
 * it streams (chunked); an app's own 413 for a smaller one reaches the client as the app sent
 * it (upstream-socket.ts), never as a 503.
 */
export async function registerProxyRoutes(
  app: FastifyInstance,
  config: Readonly<GatewayConfig>,
): Promise<void> {
  const seats = createUpstreamPool(config.SEAT_URLS);
  const limit = config.GATEWAY_BODY_LIMIT_BYTES;
  const target = new WeakMap<FastifyRequest, { upstream: Upstream; url: string }>();
  const bodies = new WeakMap<FastifyRequest, MeteredBody>();
  const retries = new WeakMap<FastifyRequest, number>();
  const log = app.log.child({ component: 'gateway-proxy' });

  const replyOptions: NonNullable<FastifyHttpProxyOptions['replyOptions']> = {
    getUpstream: (request) => target.get(request as FastifyRequest)!.url,
    rewriteRequestHeaders: (request, headers) => ({
      ...headers,
      'x-request-id': String(request.id),
      // The client's address, appended as proxies do; the apps see only the gateway's otherwise.
      'x-forwarded-for': headers['x-forwarded-for']
        ? `${String(headers['x-forwarded-for'])}, ${request.ip}`
        : request.ip,
    }),
    rewriteHeaders: (headers) =>
      String(headers['content-type'] ?? '').startsWith('text/event-stream')
        ? // Tells any buffering proxy in front of us (nginx) to pass the stream through too.
          { ...headers, 'x-accel-buffering': 'no' }
        : headers,
    onResponse: (request, reply, res) => {
      // An app that answered before it took the whole body (its own 413): reply-from asks for
      // the connection to close, which would reset a client still sending before it reads the
      // answer. The rest of the body is read and dropped instead (request-body.ts).
      if (!request.raw.complete) reply.removeHeader('connection');
      void reply.send(res.stream);
    },
    onError: (reply, { error }) => {
      const request = reply.request as FastifyRequest;
      if (bodies.get(request)?.tooLarge) {
        // The counted body went past the limit; the upstream request was aborted unanswered.
        if (!reply.sent) void reply.send(HttpErrors.tooLarge(bodyTooLargeMessage(limit)));
        return;
      }
      const chosen = target.get(request);
      const code = (error as { cause?: { code?: string } }).cause?.code ?? '';
      if (chosen?.upstream === 'seat' && CONNECT_FAILURES.has(code)) {
        // The seat routes are reads any node can serve: try the next live one, once per node.
        seats.markDown(chosen.url);
        const tried = (retries.get(request) ?? 0) + 1;
        retries.set(request, tried);
        const next = seats.pick();
        if (tried < config.SEAT_URLS.length && next !== chosen.url) {
          target.set(request, { upstream: 'seat', url: next });
          return reply.from(request.url, replyOptions);
        }
      }
      log.warn(
        { reqId: request.id, upstream: chosen?.upstream, code, err: error },
        'upstream failed',
      );
      if (reply.sent) return;
      void reply.status(503).send(upstreamUnavailable(APP_NAMES[chosen?.upstream ?? 'ticketing']));
    },
  };

  await app.register(proxy, {
    prefix: '/api',
    rewritePrefix: '/api',
    upstream: '',
    undici: {
      headersTimeout: config.UPSTREAM_HEADERS_TIMEOUT_MS,
      bodyTimeout: 0,
      connect: connectUpstream,
    },
    // Fastify already logs each request with its id; reply-from's own lines would double that.
    disableRequestLogging: true,
    preHandler: async (request) => {
      const upstream = upstreamOf(request.url);
      if (!upstream) {
        throw GatewayErrors.routeNotFound(
          `no route ${request.method} ${request.url.split('?', 1)[0]}`,
        );
      }
      // The proxy streams bodies through unparsed, so Fastify's bodyLimit never sees them: the
      // declared length is checked here and the streamed bytes counted, as nginx's
      // client_max_body_size does in that engine.
      if (Number(request.headers['content-length'] ?? 0) > limit) {
        discardBody(request.raw);
        throw HttpErrors.tooLarge(bodyTooLargeMessage(limit));
      }
      if (request.body instanceof Readable) {
        const body = meterBody(request.body, request.raw, limit);
        bodies.set(request, body);
        request.body = body.stream;
      }
      const url =
        upstream === 'seat'
          ? seats.pick()
          : upstream === 'booking'
            ? config.BOOKING_URL
            : config.TICKETING_URL;
      target.set(request, { upstream, url });
    },
    replyOptions,
  });
}

import fastifySSE from '@fastify/sse';
import type { FastifyInstance } from 'fastify';
import { EventAnalytics, EventIdParams } from '@shared/contracts';
import type { HttpServer, ZodTypeProvider } from '@shared/http';
import type { TicketingServices } from '../services';

/**
 * A seller's sales figures of their own event, as JSON and as an SSE stream (a snapshot, then
 * an `analytics` event at most about once a second while sales move). Anyone else gets 404, as
 * if the event did not exist; buyers get 403.
 */
export function registerAnalyticsRoutes(app: HttpServer, s: TicketingServices): void {
  const seller = s.auth.requireRole('seller');
  app.get(
    '/api/events/:id/analytics',
    { preHandler: seller, schema: { params: EventIdParams, response: { 200: EventAnalytics } } },
    async (request) => {
      const event = await s.events.owned(request.params.id, request.user!.sub);
      return s.events.analytics(event);
    },
  );

  // Encapsulated: @fastify/sse decorates only this scope's replies.
  void app.register(async (plain: FastifyInstance) => {
    await plain.register(fastifySSE, { heartbeatInterval: 15_000 });
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.get(
      '/api/events/:id/analytics/stream',
      { preHandler: seller, schema: { params: EventIdParams }, sse: { kind: 'only' } },
      async (request, reply) => {
        // Ownership is checked before the first byte, so a stranger gets a plain 404.
        const event = await s.events.owned(request.params.id, request.user!.sub);
        const sse = reply.sse;
        sse.keepAlive();
        sse.sendHeaders();
        const send = (analytics: EventAnalytics) =>
          void sse.send({ event: 'analytics', data: analytics }).catch(() => undefined);
        const unsubscribe = s.salesFeed.subscribe(event.id, send);
        sse.onClose(unsubscribe);
        send(await s.events.analytics(event));
      },
    );
  });
}

import fastifySSE from '@fastify/sse';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Id } from '@shared/contracts';
import type { HttpServer, ZodTypeProvider } from '@shared/http';
import { toView, type BookingService } from '../../bookings/booking.service';
import type { BookingFeed } from '../../live/booking-feed';

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * GET /api/bookings/:id/stream: the buyer's own booking status over SSE. The current status is
 * sent first (a client that connects after the result still learns it), then one `status` event
 * per change (repeats suppressed), read from the in-process feed, never from Kafka. The subscription is opened before
 * the first read, so a change between the two is not lost (at worst it is sent twice, and every
 * event carries the whole booking, so a repeat is harmless).
 */
export function registerBookingStreamRoutes(
  app: HttpServer,
  deps: { service: BookingService; feed: BookingFeed; buyer: Hook; heartbeatMs?: number },
): void {
  app.register(async (plain: FastifyInstance) => {
    await plain.register(fastifySSE, { heartbeatInterval: deps.heartbeatMs ?? 15_000 });
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.get(
      '/api/bookings/:id/stream',
      {
        preHandler: deps.buyer,
        schema: { params: z.strictObject({ id: Id }) },
        sse: { kind: 'only' },
      },
      async (request, reply) => {
        const buyerId = request.user!.sub;
        const { id } = request.params;
        await deps.service.get(id, buyerId); // 404 before any byte is streamed
        const sse = reply.sse;
        sse.keepAlive();
        let chain = Promise.resolve();
        let last = '';
        const sendCurrent = () => {
          chain = chain
            .then(async () => {
              if (!sse.isConnected) return;
              const view = toView(await deps.service.get(id, buyerId));
              // The same change may be announced twice (own writer and booking.events).
              const data = JSON.stringify(view);
              if (data === last) return;
              last = data;
              await sse.send({ event: 'status', data: view });
            })
            .catch((err: unknown) => request.log.warn({ err }, 'booking stream send failed'));
        };
        const unsubscribe = deps.feed.subscribe(id, sendCurrent);
        sse.onClose(unsubscribe);
        sendCurrent();
        await chain;
      },
    );
  });
}

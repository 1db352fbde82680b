import fastifySSE from '@fastify/sse';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Id } from '@shared/contracts';
import type { HttpServer, ZodTypeProvider } from '@shared/http';
import { BookingErrors } from '../../booking.errors';
import { isFinal } from '../../live/booking-feed';
import type { BookingWatches, LiveState } from '../../live/booking-watches';

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * GET /api/bookings/:id/stream: the buyer's own booking status over SSE. The current status is
 * sent first (a client that connects after the result still learns it), then one `status` event
 * per change, and after a final status (PAID, FAILED, EXPIRED, CANCELLED) the stream ends: there
 * is nothing more to tell, and a client's EventSource is expected to stop on the final status
 * it was sent. The state comes from the shared live entry of the booking (booking-watches.ts):
 * at most one database read per open (none when another stream of the booking is open), and per
 * change only the write of the JSON the entry serialised once.
 */
export function registerBookingStreamRoutes(
  app: HttpServer,
  deps: { watches: BookingWatches; buyer: Hook; heartbeatMs?: number },
): void {
  app.register(async (plain: FastifyInstance) => {
    await plain.register(fastifySSE, {
      heartbeatInterval: deps.heartbeatMs ?? 15_000,
      // Status data is the entry's JSON, serialised once for every stream of the booking.
      serializer: (data: unknown) => (typeof data === 'string' ? data : JSON.stringify(data)),
    });
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.get(
      '/api/bookings/:id/stream',
      {
        preHandler: deps.buyer,
        schema: { params: z.strictObject({ id: Id }) },
        sse: { kind: 'only' },
      },
      async (request, reply) => {
        const { id } = request.params;
        const opened = await deps.watches.open(id, request.user!.sub);
        // 404 before any byte is streamed; another buyer's booking reads as absent.
        if (!opened) throw BookingErrors.notFound(`no booking ${id}`);
        const { live, close } = opened;
        const sse = reply.sse;
        let chain = Promise.resolve();
        let ended = false;
        // Sends in order; the final status is the last event, after which the stream closes.
        const send = (state: LiveState) => {
          if (ended) return;
          const last = isFinal(state.view.status);
          ended = last;
          chain = chain
            .then(async () => {
              if (sse.isConnected) await sse.send({ event: 'status', data: state.json });
              if (last) sse.close();
            })
            .catch((err: unknown) => request.log.warn({ err }, 'booking stream send failed'));
        };
        const unsubscribe = live.onChange(send);
        sse.keepAlive();
        const release = () => {
          unsubscribe();
          close();
        };
        sse.onClose(release);
        // The client may have gone while the booking was read: no close event will come.
        if (!sse.isConnected) return release();
        send(live.current);
        await chain;
      },
    );
  });
}

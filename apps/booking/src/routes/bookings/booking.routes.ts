import type {} from '@fastify/rate-limit';
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  BookingAccepted,
  BookingStatus,
  BookingView,
  CreateBookingBody,
  ErrorBody,
  Id,
  IdempotencyKey,
  PayBody,
} from '@shared/contracts';
import type { HttpServer } from '@shared/http';
import { BookingErrors } from '../../booking.errors';
import { toView, type BookingService } from '../../bookings/booking.service';
import { applyChange, nextChange, type BookingFeed } from '../../live/booking-feed';
import { preferredWaitMs } from './prefer-wait';

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

const Params = z.strictObject({ id: Id });
/**
 * Query parameters: none but this one (app.ts makes an unknown one a 400 on every route).
 * GET /api/bookings?status=PAID: the history in one or more statuses, given as a comma-separated
 * list (status=PAID,CANCELLED), repeated (status=PAID&status=CANCELLED), or both.
 */
const ListQuery = z.strictObject({
  status: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => [...new Set((Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')))])
    .pipe(z.array(BookingStatus).min(1))
    .optional(),
});
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * /api/bookings: buyers only. A booking of another buyer answers 404, never 403, so ids
 * cannot be probed.
 */
export function registerBookingRoutes(
  app: HttpServer,
  deps: { service: BookingService; feed: BookingFeed; buyer: Hook; createsPerMinute?: number },
): void {
  const { service, feed, buyer } = deps;
  const userOf = (request: FastifyRequest) => request.user!.sub;

  app.post(
    '/api/bookings',
    {
      preHandler: buyer,
      ...(deps.createsPerMinute
        ? { config: { rateLimit: { max: deps.createsPerMinute, timeWindow: 60_000 } } }
        : {}),
      schema: {
        body: CreateBookingBody,
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        // 202: accepted, the result follows on Kafka. 200: the booking decided (with
        // `Prefer: wait=N`, when the decision came within N seconds), or a replay of a key whose
        // booking has moved on; it answers the booking as it stands.
        response: { 202: BookingAccepted, 200: BookingView, 429: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (key === undefined) {
        throw BookingErrors.idempotencyKeyMissing('the Idempotency-Key header is required');
      }
      const parsedKey = IdempotencyKey.safeParse(key);
      if (!parsedKey.success) {
        throw BookingErrors.idempotencyKeyMissing(
          'Idempotency-Key must be 8-128 characters of letters, digits, _ . : -',
        );
      }
      const booking = await service.create(userOf(request), parsedKey.data, request.body);
      if (booking.status !== 'PROCESSING') return reply.status(200).send(toView(booking));
      // Prefer: wait=N: the decision reaches this request through the live feed, the change
      // the results consumer (or another instance, via booking.events) just committed; the
      // booking is the buyer's own (create reads by buyer and key), so nothing else can leak.
      const waitMs = preferredWaitMs(request.headers.prefer);
      const change = waitMs > 0 ? await nextChange(feed, booking.id, waitMs) : undefined;
      if (!change) return reply.status(202).send({ id: booking.id, status: 'PROCESSING' });
      return reply.status(200).send(applyChange(toView(booking), change) ?? toView(booking));
    },
  );

  app.get(
    '/api/bookings',
    {
      preHandler: buyer,
      schema: {
        querystring: ListQuery,
        response: { 200: z.strictObject({ bookings: z.array(BookingView) }), ...errors },
      },
    },
    async (request) => {
      const bookings = await service.list(userOf(request), request.query.status);
      return { bookings: bookings.map((b) => toView(b, true)) };
    },
  );

  app.get(
    '/api/bookings/:id',
    {
      preHandler: buyer,
      schema: { params: Params, response: { 200: BookingView, ...errors } },
    },
    async (request) => toView(await service.get(request.params.id, userOf(request)), true),
  );

  app.post(
    '/api/bookings/:id/cancel',
    {
      preHandler: buyer,
      schema: { params: Params, response: { 200: BookingView, ...errors } },
    },
    async (request) => toView(await service.cancel(request.params.id, userOf(request))),
  );

  app.post(
    '/api/bookings/:id/pay',
    {
      preHandler: buyer,
      schema: {
        params: Params,
        body: PayBody,
        response: { 200: BookingView, 402: ErrorBody, ...errors },
      },
    },
    async (request) =>
      toView(await service.pay(request.params.id, userOf(request), request.body.cardNumber), true),
  );
}

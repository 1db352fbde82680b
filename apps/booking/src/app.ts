import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { TokenService } from '@shared/auth';
import { createAuthHooks, registerCookieParsing } from '@shared/auth';
import {
  createHttpServer,
  registerHealth,
  registerMetrics,
  rejectUnknownQuery,
  type HttpServer,
  type ReadinessCheck,
  type ZodTypeProvider,
} from '@shared/http';
import type { Logger } from '@shared/util';
import type { BookingService } from './bookings/booking.service';
import type { BookingFeed } from './live/booking-feed';
import type { BookingWatches } from './live/booking-watches';
import { registerBookingStreamRoutes } from './routes/bookings/booking-stream.routes';
import { registerBookingRoutes } from './routes/bookings/booking.routes';
import { registerPaymentWebhookRoutes } from './routes/payments/payment-webhook.routes';

export interface AppDeps {
  logger: Logger;
  /** Readiness checks of the infrastructure this app depends on. */
  checks?: Record<string, ReadinessCheck>;
  /** Served at /metrics, with a histogram of every HTTP response added to it. */
  metrics?: Registry;
  /** The booking API; without it the app serves health only (the shell spec). */
  bookings?: {
    service: BookingService;
    tokens: TokenService;
    /** Status changes as they commit: what `Prefer: wait` requests wait on. */
    feed: BookingFeed;
    /** The live state of streamed bookings, shared by every stream of one booking. */
    watches: BookingWatches;
    /** Per-buyer limit of POST /api/bookings, counted in Redis so it holds across instances. */
    rateLimit?: { redis: Redis; nameSpace: string; perMinute: number };
    /** HMAC secret of the payment provider's webhook. */
    webhookSecret: string;
  };
}

/** Builds the booking HTTP app; tests call it with app.inject, server.ts listens. */
export function buildApp(deps: AppDeps): HttpServer {
  const app = createHttpServer({ logger: deps.logger.child({ component: 'booking-http' }) });
  // Every /api route refuses a query parameter it does not declare (400), as bodies do.
  rejectUnknownQuery(app);
  // Browsers send the token as the httpOnly cookie event-ticketing sets at login.
  registerCookieParsing(app);
  registerHealth(app, deps.checks ?? {});
  if (deps.metrics) registerMetrics(app, deps.metrics);
  if (deps.bookings) {
    const { requireRole } = createAuthHooks(deps.bookings.tokens);
    const { service, feed, watches, rateLimit: limit } = deps.bookings;
    const buyer = requireRole('buyer');
    app.register(async (plain: FastifyInstance) => {
      if (limit) {
        await plain.register(rateLimit, {
          global: false,
          redis: limit.redis,
          nameSpace: limit.nameSpace,
          // After `buyer` (route preHandlers run first), so the key is the buyer, not the IP:
          // buyers behind one NAT do not share a budget.
          hook: 'preHandler',
          keyGenerator: (request) => request.user?.sub ?? request.ip,
        });
      }
      registerBookingRoutes(plain.withTypeProvider<ZodTypeProvider>(), {
        service,
        feed,
        buyer,
        ...(limit ? { createsPerMinute: limit.perMinute } : {}),
      });
    });
    registerBookingStreamRoutes(app, { watches, buyer });
    registerPaymentWebhookRoutes(app, { service, secret: deps.bookings.webhookSecret });
  }
  return app;
}

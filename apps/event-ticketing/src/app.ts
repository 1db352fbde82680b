import { registerCookieParsing } from '@shared/auth';
import {
  createHttpServer,
  registerHealth,
  registerMetrics,
  rejectUnknownQuery,
  type HttpServer,
  type ReadinessCheck,
} from '@shared/http';
import type { Logger } from '@shared/util';
import type { Registry } from 'prom-client';
import { registerAnalyticsRoutes } from './routes/analytics.routes';
import { registerAuthRoutes } from './routes/auth.routes';
import { registerEventRoutes } from './routes/events.routes';
import { registerPublishLimit } from './routes/publish-limit';
import { registerOrderRoutes } from './routes/orders.routes';
import { registerSeatStatusRoutes } from './routes/seat-status.routes';
import type { TicketingServices } from './services';

export interface AppDeps {
  logger: Logger;
  /** Readiness checks of the infrastructure this app depends on. */
  checks?: Record<string, ReadinessCheck>;
  /** Served at /metrics, with a histogram of every HTTP response added to it. */
  metrics?: Registry;
  /** Accounts, events and analytics routes are mounted only with their services. */
  services?: TicketingServices;
}

/** Builds the event-ticketing HTTP app; tests call it with app.inject, server.ts listens. */
export function buildApp(deps: AppDeps): HttpServer {
  const app = createHttpServer({
    logger: deps.logger.child({ component: 'event-ticketing-http' }),
  });
  registerHealth(app, deps.checks ?? {});
  if (deps.metrics) registerMetrics(app, deps.metrics);
  registerCookieParsing(app);
  // Before the routes: every /api route refuses a query parameter it does not know (400).
  rejectUnknownQuery(app);
  if (deps.services) {
    // Before the event routes, whose publish route it limits.
    registerPublishLimit(app, deps.services);
    registerAuthRoutes(app, deps.services);
    registerEventRoutes(app, deps.services);
    registerAnalyticsRoutes(app, deps.services);
    registerSeatStatusRoutes(app, deps.services);
    registerOrderRoutes(app, deps.services);
  }
  return app;
}

import type { FastifyRequest, preHandlerHookHandler, RouteOptions } from 'fastify';
import type { HttpServer } from '@shared/http';
import { TicketingErrors } from '@ticketing/adapters';
import type { TicketingServices } from '../services';

/** The publish route as events.routes.ts declares it. */
const PUBLISH_ROUTE = { method: 'POST', url: '/api/events/:id/publish' } as const;

/**
 * Rate-limits publishing (PUBLISHES_PER_EVENT_PER_MINUTE per seller and event; 429
 * TICKETING_PUBLISH_RATE_LIMITED past it). A repeat is idempotent and sends nothing, but each
 * still takes the event row's lock and a transaction. Attached to the publish route as a
 * preHandler when it is declared, so the route's file keeps only publishing; it runs after
 * authentication (which knows the seller) and after the params are validated. Starting fails
 * if no route matched, so a renamed route cannot silently lose its limit.
 */
export function registerPublishLimit(app: HttpServer, s: TicketingServices): void {
  let attached = false;
  const limit: preHandlerHookHandler = async (request: FastifyRequest) => {
    const seller = request.user?.sub;
    const { id } = request.params as { id: string };
    if (seller && !(await s.publishLimiter.allow(seller, id)))
      throw TicketingErrors.publishRateLimited(
        'this event was asked to publish too often; it is published once, whatever the repeats',
      );
  };
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = [route.method].flat();
    if (route.url !== PUBLISH_ROUTE.url || !methods.includes(PUBLISH_ROUTE.method)) return;
    route.preHandler = [...[route.preHandler ?? []].flat(), limit];
    attached = true;
  });
  app.addHook('onReady', async () => {
    if (!attached) throw new Error(`no ${PUBLISH_ROUTE.method} ${PUBLISH_ROUTE.url} to rate-limit`);
  });
}

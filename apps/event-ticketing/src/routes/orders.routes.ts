import { Readable } from 'node:stream';
import { EventIdParams, OrderExportQuery, OrderPage, OrderQuery } from '@shared/contracts';
import type { HttpServer } from '@shared/http';
import { orderCsvHeader, orderCsvLine } from '@ticketing/domain';
import type { TicketingServices } from '../services';

/**
 * The seller's order list of their own event, for customer service: a JSON page
 * (GET /api/events/:id/orders?status=&page=&pageSize=) and the CSV export of every matching
 * order (GET /api/events/:id/orders.csv?status=). It holds buyers' names and emails, so anyone
 * but the event's seller (another seller, any buyer) gets 404 as if the event did not exist;
 * nobody (no token) gets 401.
 */
export function registerOrderRoutes(app: HttpServer, s: TicketingServices): void {
  app.get(
    '/api/events/:id/orders',
    {
      preHandler: s.auth.authenticate,
      schema: { params: EventIdParams, querystring: OrderQuery, response: { 200: OrderPage } },
    },
    async (request) => {
      const event = await s.events.owned(request.params.id, request.user!.sub);
      return s.orders.page(event.id, request.query);
    },
  );

  app.get(
    '/api/events/:id/orders.csv',
    {
      preHandler: s.auth.authenticate,
      schema: { params: EventIdParams, querystring: OrderExportQuery },
    },
    async (request, reply) => {
      // Ownership is checked before the first byte, so a stranger gets a plain JSON 404.
      const event = await s.events.owned(request.params.id, request.user!.sub);
      const orders = s.orders.all(event.id, request.query);
      async function* lines() {
        yield orderCsvHeader();
        for await (const o of orders) yield orderCsvLine(o);
      }
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="orders-${event.id}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(lines()));
    },
  );
}

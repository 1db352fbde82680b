import { EventIdParams } from '@shared/contracts';
import type { HttpServer } from '@shared/http';
import type { TicketingServices } from '../services';
import { SeatStatusPage, SeatStatusQuery } from '@ticketing/adapters';

/**
 * GET /api/events/:id/seat-status: which seats of the seller's own event are held or sold, and
 * since when (shape and paging: SeatStatusQuery and SeatStatusPage in @ticketing/adapters).
 * Like analytics: another seller gets 404 as if the event did not exist, a buyer 403, nobody
 * 401. A draft has no tickets: its page is empty.
 */
export function registerSeatStatusRoutes(app: HttpServer, s: TicketingServices): void {
  app.get(
    '/api/events/:id/seat-status',
    {
      preHandler: s.auth.requireRole('seller'),
      schema: {
        params: EventIdParams,
        querystring: SeatStatusQuery,
        response: { 200: SeatStatusPage },
      },
    },
    async (request) => {
      const event = await s.events.owned(request.params.id, request.user!.sub);
      return s.seatStatus.page(event.id, request.query);
    },
  );
}
